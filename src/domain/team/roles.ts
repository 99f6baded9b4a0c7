/**
 * Who may do what in an account (issue 18). An owner does everything; a manager everything but the team and the
 * account's settings; a cleaner has only the cleaner portal (their turnovers and codes), never the API. An API key
 * acts with its own role, never more than its member's, or reads only.
 */
export const MEMBER_ROLES = ["owner", "manager", "cleaner"] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export const INVITABLE_ROLES = ["manager", "cleaner"] as const;
export type InvitableRole = (typeof INVITABLE_ROLES)[number];

export const API_KEY_ROLES = ["owner", "manager", "read_only"] as const;
export type ApiKeyRole = (typeof API_KEY_ROLES)[number];

/** The role a request acts with: a member's (dashboard) or a key's (API). */
export type ActingRole = MemberRole | "read_only";

const RANK: Record<ActingRole, number> = { owner: 3, manager: 2, read_only: 1, cleaner: 0 };

/** A key's role capped by its member's: a manager's "owner" key is a manager key, a cleaner's key does nothing. */
export function keyActingRole(keyRole: ApiKeyRole, memberRole: MemberRole | null): ActingRole {
  if (memberRole === null) return keyRole;
  if (memberRole === "cleaner") return "cleaner";
  return RANK[keyRole] <= RANK[memberRole] ? keyRole : memberRole;
}

/** The roles a member of this role may give a key they create. */
export function keyRolesFor(role: MemberRole): ApiKeyRole[] {
  if (role === "owner") return ["owner", "manager", "read_only"];
  if (role === "manager") return ["manager", "read_only"];
  return [];
}

/** API areas (first path segment under /api/v1) only an owner reaches: the team, the account's settings, its whole export. */
export const OWNER_ONLY_API_AREAS = new Set(["members", "invites", "account", "export"]);

const READS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Why this role may not call this API route, or null when it may. `area` is the first path segment under /api/v1. */
export function apiRoleRefusal(role: ActingRole, method: string, area: string): string | null {
  if (role === "cleaner") return "a cleaner's sign-in has no API access; cleaners use the cleaner portal";
  if (role === "read_only" && !READS.has(method.toUpperCase())) return "this API key is read-only";
  if (role !== "owner" && OWNER_ONLY_API_AREAS.has(area)) return "only the account's owner manages the team and the account's settings";
  return null;
}
