import type { MiddlewareHandler } from "hono";
import type { CoreDeps } from "../../deps";
import { authenticateApiKey } from "../../services/accounts/api-keys";
import type { AppEnv } from "../env";
import { ApiError } from "../problem";

const unauthorized = (detail: string) => new ApiError(401, "unauthorized", "Unauthorized", detail);

/** Bearer API key → the caller's account. Every query downstream is scoped by `c.get("auth").accountId`. */
export function apiKeyAuth({ db, clock }: Pick<CoreDeps, "db" | "clock">): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header("authorization");
    if (!header) throw unauthorized("send an API key as `Authorization: Bearer sk_…` (create one with `staykey create-api-key`)");
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw unauthorized("the Authorization header must be `Bearer <api key>`");
    const key = authenticateApiKey(db, clock, match[1]!);
    if (!key) throw unauthorized("this API key is unknown or has been revoked");
    c.set("auth", { ...key, actor: `api_key:${key.apiKeyId}` });
    await next();
  };
}
