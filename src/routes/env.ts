import type { OpenAPIHono } from "@hono/zod-openapi";

export interface AuthContext {
  accountId: string;
  userId: string | null;
  apiKeyId: string | null;
  actor: string;
}

export interface AppEnv {
  Variables: {
    requestId: string;
    auth: AuthContext;
  };
}

export type ApiApp = OpenAPIHono<AppEnv>;
