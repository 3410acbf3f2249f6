/**
 * The user list's filters live in the address (?q=&active=&role=&page=), like the dataset
 * list's: bookmarkable, shareable, and Back works.
 */
import { ROLES } from "../../api/types";
import type { Role, UserListQuery } from "../../api/types";
import { pageParam, withQuery } from "../../shared/urlParams";

export const USERS_PAGE_SIZE = 25;

export interface UserListState {
  q: string;
  active: boolean | null;
  role: Role | null;
  page: number;
}

export function parseUserParams(params: URLSearchParams): UserListState {
  const active = params.get("active");
  const role = params.get("role");
  return {
    q: params.get("q")?.trim() ?? "",
    active: active === "true" ? true : active === "false" ? false : null,
    role: ROLES.includes(role as Role) ? (role as Role) : null,
    page: pageParam(params),
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
  return withQuery("/admin/users", toUserSearchParams(state));
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
