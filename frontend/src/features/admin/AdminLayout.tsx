import { Navigate, NavLink, Outlet, useLocation } from "react-router-dom";
import { useSession } from "../auth/session";
import { adminSectionsFor } from "./permissions";
import "./admin.css";

/** The administration area: its own tabs (only those the person may open) above the page. */
export function AdminLayout() {
  const { me } = useSession();
  const location = useLocation();
  const sections = adminSectionsFor(me);

  if (sections.length === 0) {
    return (
      <div className="state state-error" role="alert">
        <h1 className="state-title">You cannot open the administration pages</h1>
        <p>Your roles give no administration permission.</p>
      </div>
    );
  }
  if (location.pathname.replace(/\/+$/, "") === "/admin") return <Navigate to={sections[0]!.to} replace />;

  return (
    <div className="admin-area">
      <nav className="admin-nav" aria-label="Administration">
        <p className="admin-nav-title">Administration</p>
        <ul>
          {sections.map((section) => (
            <li key={section.to}>
              <NavLink to={section.to}>{section.label}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div className="admin-content">
        <Outlet />
      </div>
    </div>
  );
}

export default AdminLayout;
