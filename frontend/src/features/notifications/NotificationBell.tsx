import { NavLink } from "react-router-dom";
import { useSession } from "../auth/session";
import { useUnreadCount } from "./api";
import "./notifications.css";

/** The header's bell: a link to the notifications with the number still unread (checked each minute). */
export function NotificationBell() {
  const { me } = useSession();
  const unread = useUnreadCount(Boolean(me));
  if (!me) return null;
  const count = unread.data ?? 0;
  const label = count > 0 ? `Notifications, ${count} unread` : "Notifications";
  return (
    <NavLink to="/notifications" className="notification-bell" aria-label={label} title={label}>
      <svg viewBox="0 0 20 20" width="20" height="20" aria-hidden="true" focusable="false">
        <path
          fill="currentColor"
          d="M10 2a5 5 0 0 0-5 5v2.59l-1.7 2.55A1.2 1.2 0 0 0 4.3 14h11.4a1.2 1.2 0 0 0 1-1.86L15 9.59V7a5 5 0 0 0-5-5Zm-2.24 13.5a2.3 2.3 0 0 0 4.48 0H7.76Z"
        />
      </svg>
      {count > 0 && (
        <span className="notification-count" aria-hidden="true">
          {count > 99 ? "99+" : count}
        </span>
      )}
    </NavLink>
  );
}
