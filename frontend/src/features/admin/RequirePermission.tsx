import type { ReactNode } from "react";
import { useDocumentTitle } from "../../shared/useDocumentTitle";
import { useSession } from "../auth/session";
import { hasPermission } from "./permissions";
import type { AdminPermission } from "./permissions";

function Forbidden({ permission }: { permission: AdminPermission }) {
  useDocumentTitle("Not allowed");
  return (
    <div className="state state-error" role="alert">
      <h1 className="state-title">You cannot open this page</h1>
      <p>
        It needs the <code>{permission}</code> permission, which your roles do not give. An administrator can grant it.
      </p>
    </div>
  );
}

/** Its children for someone holding `permission`; a plain refusal otherwise (the API would refuse too). */
export function RequirePermission({ permission, children }: { permission: AdminPermission; children: ReactNode }) {
  const { me } = useSession();
  return hasPermission(me, permission) ? <>{children}</> : <Forbidden permission={permission} />;
}
