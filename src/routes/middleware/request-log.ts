import type { MiddlewareHandler } from "hono";
import { randomUUID } from "node:crypto";
import type { Logger } from "../../lib/logger";
import { timeHttpRequest } from "../../lib/metrics";
import type { AppEnv } from "../env";

/** Paths that carry a secret token in the URL itself; logged with the token replaced. */
const SECRET_PATH = /^(\/(?:ical|c)\/[^/]+\/)[^/?]+/;

export function safePath(path: string): string {
  return path.replace(SECRET_PATH, "$1[redacted]");
}

/**
 * The pattern of the route that answered (`/api/v1/stays/:id`), never the path itself: ids and tokens in paths would
 * make a metric series per stay. Middleware matches everything (method ALL); a request no route took is `unmatched`.
 */
function routePattern(matched: ReadonlyArray<{ method: string; path: string }>): string {
  for (let i = matched.length - 1; i >= 0; i--) if (matched[i]!.method !== "ALL") return matched[i]!.path;
  return "unmatched";
}

/** One log line per request: method, path (no query string: it may carry tokens), status, duration, account. */
export function requestLog(logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const requestId = c.req.header("x-request-id")?.slice(0, 64).replace(/[^\w.-]/g, "") || randomUUID();
    c.set("requestId", requestId);
    const started = performance.now();
    const observe = timeHttpRequest();
    await next();
    observe({ method: c.req.method, route: routePattern(c.req.matchedRoutes), status: c.res.status });
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
