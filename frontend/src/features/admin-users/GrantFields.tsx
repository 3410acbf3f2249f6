import { ROLES } from "../../api/types";
import type { Domain, Role } from "../../api/types";
import { FormField } from "../../shared/ui/FormField";
import { ROLE_DESCRIPTIONS } from "./roles";

export interface GrantDraft {
  role: Role;
  /** A domain key, or null for everywhere. */
  domain: string | null;
}

export const EVERYWHERE = "";

/** A role and where it applies: "Everywhere" or one domain. */
export function GrantFields({
  value,
  onChange,
  domains,
  domainsLoading,
  errors = {},
  labelSuffix = "",
}: {
  value: GrantDraft;
  onChange: (value: GrantDraft) => void;
  domains: Domain[];
  domainsLoading: boolean;
  errors?: { role?: string; domain?: string };
  labelSuffix?: string;
}) {
  return (
    <>
      <FormField label={`Role${labelSuffix}`} error={errors.role} hint={ROLE_DESCRIPTIONS[value.role]}>
        {(props) => (
          <select {...props} value={value.role} onChange={(event) => onChange({ ...value, role: event.target.value as Role })}>
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {role}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <FormField label={`Where${labelSuffix}`} error={errors.domain}>
        {(props) => (
          <select
            {...props}
            value={value.domain ?? EVERYWHERE}
            aria-busy={domainsLoading || undefined}
            onChange={(event) => onChange({ ...value, domain: event.target.value === EVERYWHERE ? null : event.target.value })}
          >
            <option value={EVERYWHERE}>Everywhere</option>
            {domains.length > 0 && (
              <optgroup label="In one domain">
                {domains.map((domain) => (
                  <option key={domain.key} value={domain.key}>
                    {domain.name}
                  </option>
                ))}
              </optgroup>
            )}
          </select>
        )}
      </FormField>
    </>
  );
}
