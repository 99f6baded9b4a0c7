import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { QUEUE_NAMES } from "../../src/jobs/queues";
import { processJob } from "../../src/jobs/processor";
import { jobDefinitions } from "../../src/jobs/definitions";
import { createLogger } from "../../src/lib/logger";
import { lockCallAuditor } from "../../src/services/access/lock-call-audit";
import { startProcessHeartbeat } from "../../src/services/operations";
import { apiHarness } from "../support/api-client";
import { testServiceDeps } from "../support/service-deps";
import { testWorld } from "../support/world";

const TOKEN = "metrics-token-0123456789";

/** The value of one sample line (`name{labels} value`) in Prometheus text, or undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const labelText = /\{(.*)\}/.exec(line)?.[1] ?? "";
    if (Object.entries(labels).every(([k, v]) => labelText.includes(`${k}="${v}"`))) return Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return undefined;
}

function lines(): { stream: Writable; read: () => Record<string, unknown>[]; text: () => string } {
  let out = "";
  const stream = new Writable({
    write(chunk, _enc, done) {
      out += chunk.toString();
      done();
    },
  });
  return { stream, text: () => out, read: () => out.trim().split("\n").filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe("/metrics", () => {
  it("is not served at all on the public port unless the operator chose a token or a port", async () => {
    const { app } = await apiHarness();
    expect((await app.request("/metrics")).status).toBe(404);
  });

  it("asks for the metrics token, and refuses an API key or a wrong token", async () => {
    const { app, a } = await apiHarness({ env: { STAYKEY_METRICS_TOKEN: TOKEN } });
    const none = await app.request("/metrics");
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toContain("Bearer");
    expect((await app.request("/metrics", { headers: { authorization: `Bearer ${a.key}` } })).status).toBe(401);
    expect((await app.request("/metrics", { headers: { authorization: `Bearer ${TOKEN}x` } })).status).toBe(401);
    expect((await app.request("/metrics", { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
  });

  it("counts requests by route pattern (never by id) and status, with latency, and serves codes, messages, alerts and queues from the database", async () => {
    const { deps, app, a } = await apiHarness({ env: { STAYKEY_METRICS_TOKEN: TOKEN } });
    const world = testWorld(deps);
    const property = world.property(a.accountId);
    const lock = world.lock(property.id);
    world.code(lock.id, { state: "active" });
    world.code(lock.id, { state: "active" });
    world.code(lock.id, { state: "failed" });
    world.message(a.accountId, { channel: "email", status: "delivered" });
    world.alert(a.accountId, { subjectId: lock.id, kind: "battery_low" });
    await deps.jobs.enqueue("calendar-sync.sync-feed", { feedId: "feed_000000" });
    deps.clock.advance(90_000);

    const scrape = async () => (await app.request("/metrics", { headers: { authorization: `Bearer ${TOKEN}` } })).text();
    const before = sample(await scrape(), "staykey_http_requests_total", { route: "/api/v1/stays/:id", status: "404" }) ?? 0;
    await a.request("GET", "/api/v1/stays/stay_nope1");
    await a.request("GET", "/api/v1/stays/stay_nope2");
    const text = await scrape();

    expect(sample(text, "staykey_http_requests_total", { method: "GET", route: "/api/v1/stays/:id", status: "404" })).toBe(before + 2);
    expect(text).not.toContain("stay_nope");
    expect(sample(text, "staykey_http_request_duration_seconds_count", { route: "/api/v1/stays/:id", status: "404" })).toBe(before + 2);
    expect(sample(text, "staykey_access_codes", { state: "active", provider: lock.provider })).toBe(2);
    expect(sample(text, "staykey_access_codes", { state: "failed", provider: lock.provider })).toBe(1);
    expect(sample(text, "staykey_messages", { channel: "email", state: "delivered" })).toBe(1);
    expect(sample(text, "staykey_alerts_open", { kind: "battery_low" })).toBe(1);
    expect(sample(text, "staykey_jobs", { queue: "calendar-sync", state: "waiting" })).toBe(1);
    expect(sample(text, "staykey_job_queue_lateness_seconds", { queue: "calendar-sync" })).toBe(90);
    expect(text).toContain("staykey_process_resident_memory_bytes");
  });

  it("counts syncs by outcome and lock provider calls by outcome, with their latency", async () => {
    const { app, a } = await apiHarness({ env: { STAYKEY_METRICS_TOKEN: TOKEN } });
    const scrape = async () => (await app.request("/metrics", { headers: { authorization: `Bearer ${TOKEN}` } })).text();
    const failedBefore = sample(await scrape(), "staykey_feed_syncs_total", { outcome: "failed" }) ?? 0;
    const property = await a.request("POST", "/api/v1/properties", { name: "Loft", timezone: "Europe/Paris" });
    // Tests resolve no names: the first sync of this feed fails.
    await a.request("POST", "/api/v1/feeds", { propertyId: property.body.id, url: "https://calendar.example.com/a.ics" });
    const onCall = lockCallAuditor(testServiceDeps().db, testServiceDeps().clock, { id: "lock_x", accountId: "acct_x" });
    const callsBefore = sample(await scrape(), "staykey_lock_provider_calls_total", { provider: "seam", action: "create_code", outcome: "rate_limited" }) ?? 0;
    try {
      onCall({ provider: "seam", action: "create_code", status: "rate_limited", ms: 1500 });
    } catch {
      // The audit row needs a real lock; the metric is recorded first either way.
    }
    const text = await scrape();
    expect(sample(text, "staykey_feed_syncs_total", { outcome: "failed" })).toBe(failedBefore + 1);
    expect(sample(text, "staykey_feed_sync_duration_seconds_count", { outcome: "failed" })).toBeGreaterThanOrEqual(failedBefore + 1);
    expect(sample(text, "staykey_lock_provider_calls_total", { provider: "seam", action: "create_code", outcome: "rate_limited" })).toBe(callsBefore + 1);
    expect(sample(text, "staykey_lock_provider_call_duration_seconds_bucket", { provider: "seam", action: "create_code", le: "1" })).toBeDefined();
  });
});

describe("/livez and /readyz", () => {
  it("/livez answers while the process does; /readyz names the failed check until a worker takes every queue", async () => {
    const deps = testServiceDeps();
    const sources = {} as { heartbeat?: ReturnType<typeof startProcessHeartbeat> };
    const app = createApp(deps, { ops: sources });
    expect(await (await app.request("/livez")).json()).toEqual({ status: "live" });

    const none = await app.request("/readyz");
    expect(none.status).toBe(503);
    const body = (await none.json()) as { status: string; failed: string[]; checks: Record<string, { ok: boolean; detail?: string }> };
    expect(body.status).toBe("not_ready");
    expect(body.failed).toEqual(["workers"]);
    expect(body.checks.database!.ok).toBe(true);
    expect(body.checks.migrations!.ok).toBe(true);
    expect(body.checks.workers!.detail).toContain("calendar-sync");

    // A worker for some queues only: the others are named.
    const partial = startProcessHeartbeat(deps, { role: "worker", queues: ["calendar-sync", "lock-health"] });
    const still = (await (await app.request("/readyz")).json()) as typeof body;
    expect(still.checks.workers!.detail).toBe("no live worker takes jobs from access-codes, messages, alerts, webhooks");
    partial.stop();

    sources.heartbeat = startProcessHeartbeat(deps, { role: "serve", queues: QUEUE_NAMES });
    const ready = await app.request("/readyz");
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as typeof body).failed).toEqual([]);
    sources.heartbeat.stop();
  });

  it("counts a worker gone once its heartbeat is older than 45 s, and says when the database takes no writes", async () => {
    const deps = testServiceDeps();
    const worker = startProcessHeartbeat(deps, { role: "worker", queues: QUEUE_NAMES });
    const app = createApp(deps);
    expect((await app.request("/readyz")).status).toBe(200);
    deps.clock.advance(46_000);
    const stale = (await (await app.request("/readyz")).json()) as { failed: string[] };
    expect(stale.failed).toEqual(["workers"]);
    worker.stop();

    deps.db.$client.pragma("query_only = ON");
    const readOnly = (await (await app.request("/readyz")).json()) as { failed: string[]; checks: Record<string, { detail?: string }> };
    expect(readOnly.failed).toContain("database");
    expect(readOnly.checks.database!.detail).toMatch(/does not take writes/);
  });

  it("says the relay is not being pulled when its puller fails or stalls", async () => {
    const deps = testServiceDeps();
    const heartbeat = startProcessHeartbeat(deps, { role: "serve", queues: QUEUE_NAMES });
    let status = { running: true, lastPullAt: deps.clock.now() as Date | undefined, consecutiveFailures: 0, cursor: 0 };
    const app = createApp(deps, { ops: { heartbeat, relay: () => status } });
    expect((await app.request("/readyz")).status).toBe(200);
    status = { ...status, consecutiveFailures: 2 };
    const failing = (await (await app.request("/readyz")).json()) as { failed: string[]; checks: Record<string, { detail?: string }> };
    expect(failing.failed).toEqual(["relay"]);
    expect(failing.checks.relay!.detail).toBe("the last 2 relay pull(s) failed");
    status = { ...status, consecutiveFailures: 0 };
    deps.clock.advance(120_000);
    heartbeat.beat();
    expect(((await (await app.request("/readyz")).json()) as { failed: string[] }).failed).toEqual(["relay"]);
    heartbeat.stop();
  });
});

describe("logs", () => {
  it("every line logged while a job runs carries the job's name and id, whoever logs it", async () => {
    const out = lines();
    const logger = createLogger("debug", out.stream);
    const def = jobDefinitions["calendar-sync.sync-feed"];
    await processJob(def, (async () => {
      await new Promise((r) => setTimeout(r, 5));
      logger.info({ feedId: "feed_1" }, "deep inside a service");
    }) as never, { feedId: "feed_000001" }, { jobId: "job_abc", attempt: 1, signal: new AbortController().signal }, logger);
    logger.info("outside any job");
    const [inside, completed, outside] = out.read();
    expect(inside).toMatchObject({ msg: "deep inside a service", job: "calendar-sync.sync-feed", jobId: "job_abc" });
    expect(completed).toMatchObject({ msg: "job completed", job: "calendar-sync.sync-feed", jobId: "job_abc" });
    expect(outside).not.toHaveProperty("jobId");
  });

  it("writes pretty lines for people with STAYKEY_LOG_FORMAT=pretty, still redacting secrets", () => {
    const out = lines();
    const logger = createLogger("info", out.stream, "pretty");
    logger.info({ token: "tok_secret_value", feedId: "feed_9" }, "synced");
    expect(out.text()).toMatch(/INFO.*synced/);
    expect(out.text()).toContain("feed_9");
    expect(out.text()).not.toContain("tok_secret_value");
    expect(() => JSON.parse(out.text())).toThrow();
  });
});
