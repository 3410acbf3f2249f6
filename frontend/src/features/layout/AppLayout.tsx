import { Link, NavLink, Outlet, useLocation } from "react-router-dom";
import { PRODUCT_NAME } from "../../shared/useDocumentTitle";
import { adminSectionsFor } from "../admin/permissions";
import { useSession } from "../auth/session";
import { ErrorBoundary } from "../errors/ErrorBoundary";
import { NotificationBell } from "../notifications/NotificationBell";
import { reviewsSomewhere } from "../requests/reviewer";
import { LogoMark } from "./LogoMark";
import { SearchBox } from "./SearchBox";
import { UserMenu } from "./UserMenu";
import "./layout.css";

/** Header and page frame of every signed-in page. Features add their links to NAV_ITEMS. */
const NAV_ITEMS = [
  { to: "/datasets", label: "Datasets" },
  { to: "/domains", label: "Domains" },
  { to: "/suggestions", label: "Suggestions" },
  { to: "/contributions", label: "My contributions" },
] as const;

export function AppLayout() {
  const location = useLocation();
  const { me } = useSession();
  // Administration only for those whose permissions open at least one of its pages.
  const adminHome = adminSectionsFor(me)[0];
  return (
    <div className="app-shell">
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <header className="app-header">
        <div className="app-header-inner">
          <Link to="/" className="brand">
            <LogoMark />
            <span>{PRODUCT_NAME}</span>
          </Link>
          <nav aria-label="Main" className="main-nav">
            <ul>
              {NAV_ITEMS.map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to}>{item.label}</NavLink>
                </li>
              ))}
              {/* The review queue only for those who review changes somewhere. */}
              {reviewsSomewhere(me) && (
                <li>
                  <NavLink to="/review">Review</NavLink>
                </li>
              )}
              {adminHome && (
                <li>
                  <NavLink to="/admin" className={({ isActive }) => (isActive ? "active" : undefined)}>
                    Admin
                  </NavLink>
                </li>
              )}
            </ul>
          </nav>
          <SearchBox />
          <NotificationBell />
          <UserMenu />
        </div>
      </header>
      <main id="main" className="app-main" tabIndex={-1}>
        {/* A failing page shows an error in place; the header stays usable. */}
        <ErrorBoundary key={location.pathname}>
          <Outlet />
        </ErrorBoundary>
      </main>
    </div>
  );
}
