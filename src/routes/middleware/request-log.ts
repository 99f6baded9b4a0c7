import type { MiddlewareHandler } from "hono";
import { randomUUID } from "node:crypto";
import type { Logger } from "../../lib/logger";
import type { AppEnv } from "../env";

/** Paths that carry a secret token in the URL itself; logged with the token replaced. */
const SECRET_PATH = /^(\/(?:ical|c)\/[^/]+\/)[^/?]+/;

export function safePath(path: string): string {
  return path.replace(SECRET_PATH, "$1[redacted]");
}

/** One log line per request: method, path (no query string: it may carry tokens), status, duration, account. */
export function requestLog(logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const requestId = c.req.header("x-request-id")?.slice(0, 64).replace(/[^\w.-]/g, "") || randomUUID();
    c.set("requestId", requestId);
    const started = performance.now();
    await next();
    c.header("x-request-id", requestId);
    const auth = c.get("auth");
    logger.info(
      {
        requestId,
        method: c.req.method,
        path: safePath(c.req.path),
        status: c.res.status,
        ms: Math.round(performance.now() - started),
        accountId: auth?.accountId,
      },
      "request",
    );
  };
}
