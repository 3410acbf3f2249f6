import type { Grant } from "../../api/types";
import { useDocumentTitle } from "../../shared/useDocumentTitle";
import { useSession } from "../auth/session";
import { PasswordChangeForm } from "./PasswordChangeForm";
import { PersonalTokensSection } from "./PersonalTokensSection";
import "./account.css";

function GrantList({ grants }: { grants: Grant[] }) {
  if (grants.length === 0) return <p className="muted">No roles yet: ask an administrator.</p>;
  return (
    <ul className="grant-chips">
      {grants.map((grant) => (
        <li key={grant.id} className="grant-chip">
          <span className="grant-role">{grant.role}</span> {grant.domain ? <>in {grant.domain}</> : <>everywhere</>}
        </li>
      ))}
    </ul>
  );
}

/** The signed-in person's own page: who they are, their password, their tokens. */
export function AccountPage() {
  const { me } = useSession();
  useDocumentTitle("My account");
  if (!me) return null;
  return (
    <div className="page account-page">
      <div className="page-header">
        <h1>My account</h1>
      </div>
      <div className="account-grid">
        <section className="section" aria-labelledby="profile-title">
          <h2 id="profile-title">Profile</h2>
          <dl className="facts">
            <div>
              <dt>Name</dt>
              <dd>{me.display_name || "—"}</dd>
            </div>
            <div>
              <dt>Username</dt>
              <dd>{me.username}</dd>
            </div>
            <div>
              <dt>E-mail</dt>
              <dd>{me.email || "—"}</dd>
            </div>
            <div>
              <dt>Roles</dt>
              <dd>
                <GrantList grants={me.grants} />
              </dd>
            </div>
          </dl>
        </section>
        <section className="section" aria-labelledby="password-title">
          <h2 id="password-title">Password</h2>
          {me.has_password ? (
            <PasswordChangeForm username={me.username} />
          ) : (
            <p className="muted">You sign in with single sign-on: your password is managed there.</p>
          )}
        </section>
      </div>
      <PersonalTokensSection />
    </div>
  );
}

export default AccountPage;
