/**
 * The user list's filters live in the address (?q=&active=&role=&page=), like the dataset
 * list's: bookmarkable, shareable, and Back works.
 */
import { ROLES } from "../../api/types";
import type { Role, UserListQuery } from "../../api/types";

export const USERS_PAGE_SIZE = 25;

export interface UserListState {
  q: string;
  active: boolean | null;
  role: Role | null;
  page: number;
}

function positiveInt(value: string | null): number {
  if (value === null || !/^\d+$/.test(value)) return 1;
  const number = Number(value);
  return number >= 1 && number <= 1_000_000 ? number : 1;
}

export function parseUserParams(params: URLSearchParams): UserListState {
  const active = params.get("active");
  const role = params.get("role");
  return {
    q: params.get("q")?.trim() ?? "",
    active: active === "true" ? true : active === "false" ? false : null,
    role: ROLES.includes(role as Role) ? (role as Role) : null,
    page: positiveInt(params.get("page")),
  };
}

export function toUserSearchParams(state: UserListState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  if (state.active !== null) params.set("active", String(state.active));
  if (state.role) params.set("role", state.role);
  if (state.page > 1) params.set("page", String(state.page));
  return params;
}

export function userListHref(state: UserListState): string {
  const query = toUserSearchParams(state).toString();
  return query ? `/admin/users?${query}` : "/admin/users";
}

export function toUserApiQuery(state: UserListState): UserListQuery {
  const query: UserListQuery = { page: state.page, per_page: USERS_PAGE_SIZE };
  if (state.q) query.q = state.q;
  if (state.active !== null) query.active = state.active;
  if (state.role) query.role = state.role;
  return query;
}

export function hasUserFilters(state: UserListState): boolean {
  return Boolean(state.q || state.active !== null || state.role);
}
