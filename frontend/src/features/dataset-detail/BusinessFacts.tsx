/** What people said about a dataset, as the header shows it: owners, trust flag, personal data. */
import type { DatasetDetail } from "../../api/types";
import { describeProvenance } from "../../shared/format";
import { TrustBadge } from "../../shared/ui/TrustBadge";
import { categoryLabel } from "../contribute/personalData";

type Owner = DatasetDetail["owners"][number];
type Trust = NonNullable<DatasetDetail["trust"]>;
type Declaration = DatasetDetail["personal_data"][number];

const OWNER_ROLES: Record<string, string> = { owner: "Owner", steward: "Steward", expert: "Expert" };

function OwnerName({ owner }: { owner: Owner }) {
  const name = owner.name || owner.username;
  const email = owner.email ? <a href={`mailto:${owner.email}`}>{owner.email}</a> : null;
  return (
    <span title={describeProvenance(owner.provenance)}>
      {name}
      {name && email ? " · " : null}
      {email}
    </span>
  );
}

/** Owners and contacts, grouped by role ("Owner: Ana Lima; Steward: Bo Chen"). */
export function OwnersFact({ owners }: { owners: Owner[] }) {
  return (
    <div>
      <dt>Owners and contacts</dt>
      <dd>
        {owners.length === 0 ? (
          <span className="subtle">Nobody yet</span>
        ) : (
          <ul className="owner-list">
            {owners.map((owner, index) => (
              <li key={`${owner.role}-${owner.username ?? owner.email}-${index}`}>
                <span className="owner-role">{OWNER_ROLES[owner.role] ?? owner.role}</span> <OwnerName owner={owner} />
              </li>
            ))}
          </ul>
        )}
      </dd>
    </div>
  );
}

/** Endorsed, warning or deprecated: a badge whose tooltip says why and who set it. */
export function TrustFlag({ trust }: { trust: Trust | null }) {
  if (!trust) return null;
  const title = [trust.reason, describeProvenance(trust.provenance, "Set")].filter(Boolean).join("\n");
  return <TrustBadge level={trust.level} title={title} />;
}

/** "Personal data: Contact details, Identifier", with the columns of each category in the tooltip. */
export function PersonalDataBadge({ declarations }: { declarations: Declaration[] }) {
  if (declarations.length === 0) return null;
  const byCategory = new Map<string, string[]>();
  for (const declaration of declarations) {
    const where = declaration.column ?? "the whole dataset";
    const pending = declaration.status === "pending_review" ? " (to be confirmed)" : "";
    byCategory.set(declaration.category, [...(byCategory.get(declaration.category) ?? []), where + pending]);
  }
  const categories = [...byCategory.keys()].map(categoryLabel);
  const title = [...byCategory.entries()].map(([category, where]) => `${categoryLabel(category)}: ${where.join(", ")}`).join("\n");
  return (
    <span className="badge badge-personal-data" title={title}>
      Personal data: {categories.join(", ")}
    </span>
  );
}
