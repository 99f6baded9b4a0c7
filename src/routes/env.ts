import type { OpenAPIHono } from "@hono/zod-openapi";
import type { MemberRole } from "../domain/team";
import type { Actor } from "../services/team/scope";

/** The API caller: the key's actor (account, member, role, properties) and how the audit log names it. */
export interface AuthContext extends Actor {
  apiKeyId: string | null;
  /** The key's member's own role (null for a key made by the CLI without one): caps the keys it may create. */
  memberRole: MemberRole | null;
  actor: string;
}

export interface AppEnv {
  Variables: {
    requestId: string;
    auth: AuthContext;
  };
}

export type ApiApp = OpenAPIHono<AppEnv>;
