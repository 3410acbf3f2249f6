import { useLocation } from "react-router-dom";
import { useProviders } from "./api";
import { nextPathFor, ssoHref } from "./signInPaths";

/**
 * "Sign in with <provider>" when the server has single sign-on; nothing otherwise (also
 * while asking, or if asking failed: the password form still works). A link, not a
 * script: the browser goes to the provider and comes back signed in, to `next`.
 */
export function SsoButton() {
  const providers = useProviders();
  const location = useLocation();
  const sso = providers.data;
  if (!sso?.sso_enabled || !sso.sso_login_url) return null;
  return (
    <div className="sso">
      <a className="btn btn-block btn-sso" href={ssoHref(sso.sso_login_url, nextPathFor(location))}>
        {sso.sso_label || "Sign in with single sign-on"}
      </a>
      <p className="sso-divider">
        <span>or with a password</span>
      </p>
    </div>
  );
}
