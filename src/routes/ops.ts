import { createHash, timingSafeEqual } from "node:crypto";
import { Hono, type Context } from "hono";
import type { ServiceDeps } from "../services/deps";
import { checkReadiness, metricsScraper, processMetricsScraper, type ReadinessSources } from "../services/operations";
import type { ApiApp } from "./env";
import { ApiError, problemResponse } from "./problem";

/**
 * Probes for orchestrators and load balancers, and Prometheus metrics. `/livez` answers while the process can answer
 * at all (restart it when it does not); `/readyz` answers 503 naming each failed check (send it no traffic, page
 * someone). Neither needs a key and neither says anything about any account.
 */
export function registerProbes(app: ApiApp, deps: ServiceDeps, sources: ReadinessSources): void {
  app.get("/livez", (c) => c.json({ status: "live" }));
  app.get("/readyz", async (c) => {
    const readiness = await checkReadiness(deps, sources);
    c.header("cache-control", "no-store");
    return c.json({ status: readiness.ready ? "ready" : "not_ready", failed: readiness.failed, checks: readiness.checks }, readiness.ready ? 200 : 503);
  });
  // Metrics on the public port only behind a token; with STAYKEY_METRICS_PORT they are served there instead.
  const token = deps.config.STAYKEY_METRICS_TOKEN;
  if (token && deps.config.STAYKEY_METRICS_PORT === undefined) app.get("/metrics", metricsHandler(metricsScraper(deps, sources), token));
}

type Scrape = () => Promise<{ contentType: string; text: string }>;

/** /metrics: the scrape, behind `Authorization: Bearer <token>` when a token is given. */
function metricsHandler(scrape: Scrape, token: string | undefined) {
  return async (c: Context) => {
    if (token !== undefined && !bearerMatches(c.req.header("authorization"), token)) {
      c.header("www-authenticate", 'Bearer realm="metrics"');
      return problemResponse(c, new ApiError(401, "unauthorized", "Unauthorized", "metrics need `Authorization: Bearer <STAYKEY_METRICS_TOKEN>`"));
    }
    const { contentType, text } = await scrape();
    return c.body(text, 200, { "content-type": contentType, "cache-control": "no-store" });
  };
}

/**
 * The app `STAYKEY_WORKER_METRICS_PORT` serves in a worker: its own counters (what it ran, the lock calls it made),
 * which no other process can report, and `/livez`. A worker may listen beyond loopback for a Prometheus elsewhere,
 * so STAYKEY_METRICS_TOKEN, when set, guards it as it guards serve's public /metrics.
 */
export function createWorkerMetricsApp(deps: Pick<ServiceDeps, "config">) {
  const app = new Hono();
  app.get("/metrics", metricsHandler(processMetricsScraper(), deps.config.STAYKEY_METRICS_TOKEN));
  app.get("/livez", (c) => c.json({ status: "live" }));
  app.notFound((c) => c.text("not found", 404));
  return app;
}

/** The app `STAYKEY_METRICS_PORT` serves: metrics and the probes only, for a port that is not exposed publicly. */
export function createMetricsApp(deps: ServiceDeps, sources: ReadinessSources) {
  const app = new Hono();
  app.get("/metrics", metricsHandler(metricsScraper(deps, sources), undefined));
  app.get("/livez", (c) => c.json({ status: "live" }));
  app.get("/readyz", async (c) => {
    const readiness = await checkReadiness(deps, sources);
    return c.json({ status: readiness.ready ? "ready" : "not_ready", failed: readiness.failed, checks: readiness.checks }, readiness.ready ? 200 : 503);
  });
  app.notFound((c) => c.text("not found", 404));
  return app;
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const given = /^Bearer\s+(.+)$/i.exec(header ?? "")?.[1]?.trim() ?? "";
  // Compared as digests: equal lengths for timingSafeEqual, and nothing about the token's length leaks.
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(given), digest(token));
}
