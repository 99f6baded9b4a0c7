import { OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { compress } from "hono/compress";
import { finishOpenApiDocument } from "./routes/openapi-document";
import { HTTPException } from "hono/http-exception";
import { accessPolicy } from "./routes/middleware/access-policy";
import { apiKeyAuth } from "./routes/middleware/auth";
import { idempotency } from "./routes/middleware/idempotency";
import { requestLog } from "./routes/middleware/request-log";
import type { AppEnv } from "./routes/env";
import { ApiError, apiErrorOf, problemResponse, ServiceError } from "./routes/problem";
import { validationError } from "./routes/validation";
import { registerV1 } from "./routes/v1";
import { registerDemoCalendar } from "./routes/demo";
import { registerIcalFeed } from "./routes/ical";
import { registerSeamWebhook } from "./routes/webhooks/seam";
import { registerWebhooks } from "./routes/webhooks";
import type { ServiceDeps } from "./services/deps";
import type { ReadinessSources } from "./services/operations";
import { registerProbes } from "./routes/ops";

/** The listener STAYKEY_METRICS_PORT serves: metrics and probes only. */
export { createMetricsApp, createWorkerMetricsApp } from "./routes/ops";
import { registerWeb } from "./web/register-web";

export interface AppOptions {
  /** Serve the sample calendar at /demo/calendars/ (only `staykey demo` sets this). */
  demoCalendar?: boolean;
  /** What `/readyz` and `/metrics` read besides deps (serve's heartbeat and relay puller); read at request time. */
  ops?: ReadinessSources;
}

/**
 * The whole HTTP surface, on the same deps the job processors run with (the embedded queue and the outbox by default),
 * so a route or a page calls the service itself. Entry points and tests call this with their own deps; nothing here
 * reads globals.
 */
export function createApp(deps: ServiceDeps, opts: AppOptions = {}) {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error, result.target);
    },
  });

  app.use("*", requestLog(deps.logger));
  app.onError((err, c) => {
    if (err instanceof ApiError) return problemResponse(c, err);
    if (err instanceof ServiceError) {
      if (err.retryAfterSeconds !== undefined) c.header("retry-after", String(err.retryAfterSeconds));
      return problemResponse(c, apiErrorOf(err));
    }
    if (err instanceof HTTPException) {
      const status = err.status;
      const code = status === 413 ? "payload_too_large" : status === 400 ? "malformed_request" : "http_error";
      return problemResponse(c, new ApiError(status, code, err.message || "Request failed", err.message || undefined));
    }
    deps.logger.error({ err: { name: (err as Error).name, message: (err as Error).message, stack: (err as Error).stack }, requestId: c.get("requestId") }, "unhandled error");
    return problemResponse(c, new ApiError(500, "internal_error", "Internal error", "something went wrong on our side; the request id helps us find it"));
  });
  app.notFound((c) => problemResponse(c, new ApiError(404, "not_found", "Not found", `no route for ${c.req.method} ${c.req.path}`)));

  app.get("/healthz", (c) => {
    deps.db.$client.prepare("select 1").get();
    return c.json({ ok: true });
  });
  registerProbes(app, deps, opts.ops ?? {});

  const limitBody = bodyLimit({
    maxSize: deps.config.STAYKEY_MAX_BODY_BYTES,
    onError: (c) => {
      // The rest of the body is never read: tell the client not to reuse this connection (the server closes it in stages).
      c.header("Connection", "close");
      throw new ApiError(413, "payload_too_large", "Payload too large", `request bodies are limited to ${deps.config.STAYKEY_MAX_BODY_BYTES} bytes`);
    },
  });
  app.use("/api/*", (c, next) => {
    // A GET or HEAD with neither header has no body (RFC 9112 §6.3; a fetch Request cannot give one either). Asking
    // bodyLimit anyway makes @hono/node-server build a whole web Request (with a stream) for every GET: a twentieth of
    // a list request's CPU. Other methods are always checked: an in-process Request carries no content-length.
    const method = c.req.method;
    if ((method === "GET" || method === "HEAD") && c.req.header("content-length") === undefined && c.req.header("transfer-encoding") === undefined) return next();
    return limitBody(c, next);
  });
  // Built once: each runs on every /api/v1 request.
  const [auth, policy, replay] = [apiKeyAuth(deps), accessPolicy(deps), idempotency(deps)];
  app.use("/api/v1/*", async (c, next) => {
    if (c.req.path === "/api/v1/openapi.json") return next();
    return auth(c, next);
  });
  app.use("/api/v1/*", async (c, next) => {
    if (c.req.path === "/api/v1/openapi.json") return next();
    return policy(c, next);
  });
  app.use("/api/v1/*", async (c, next) => {
    if (c.req.path === "/api/v1/openapi.json") return next();
    return replay(c, next);
  });

  registerV1(app, deps);
  registerWeb(app, deps);
  registerIcalFeed(app, deps);
  if (opts.demoCalendar) registerDemoCalendar(app, deps);
  registerWebhooks(app, deps);
  registerSeamWebhook(app, deps);

  app.openAPIRegistry.registerComponent("securitySchemes", "apiKey", { type: "http", scheme: "bearer", description: "API key from `staykey create-api-key`" });
  const documentConfig = {
    openapi: "3.1.0",
    info: { title: "staykey API", version: "1.0.0", description: "Door codes from booking calendars." },
    security: [{ apiKey: [] }],
  };
  let document: string | undefined;
  // Built once, on first request (every route is registered by then), and sent compressed to clients that accept it.
  app.get("/api/v1/openapi.json", compress(), (c) => {
    document ??= JSON.stringify(finishOpenApiDocument(app.getOpenAPI31Document(documentConfig), { publicUrl: deps.config.STAYKEY_PUBLIC_URL }));
    return c.body(document, 200, { "content-type": "application/json" });
  });
  return app;
}
