import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { parseArgs } from "../../src/cli/args";
import { COMMANDS } from "../../src/cli/commands";
import { coreDepsFromEnv } from "../../src/runtime/core-deps";
import { syncCommand } from "../../src/cli/sync";
import { feeds } from "../../src/db/schema";
import { jobIdFor } from "../../src/jobs/job-ids";
import { jobKeys } from "../../src/jobs/job-keys";
import { createApiKey } from "../../src/services/accounts/api-keys";
import { createAccount } from "../../src/services/accounts/create-account";
import { createSyncFeedHandler } from "../../src/services/calendar/processors";
import { syncFeedsNow, type SyncProgress } from "../../src/services/calendar/sync-feeds-now";
import type { ServiceDeps } from "../../src/services/deps";
import { startFeedServer, type FeedServer } from "../peers/feed-server";
import { testServiceDeps } from "../support/service-deps";
import { airbnbCalendar, airbnbUid } from "./calendars";
import { addFeed, auditRows, feedRow, seedProperty, staysOfFeed } from "./sync-harness";

let server: FeedServer;
beforeAll(async () => {
  server = await startFeedServer();
  server.set("/ok.ics", { body: airbnbCalendar([{ uid: airbnbUid(1), start: "2026-09-08", end: "2026-09-10", code: "HMENTRY001" }]) });
  server.set("/down.ics", { status: 502 });
});
afterAll(() => server.close());

const ctx = (jobId: string) => ({ jobId, attempt: 1, signal: new AbortController().signal });
const dueJobId = (deps: ServiceDeps, feedId: string) => jobIdFor("calendar-sync.sync-feed", jobKeys.feedSync(feedRow(deps, feedId)));

describe("the calendar-sync.sync-feed processor", () => {
  it("syncs the feed its job was scheduled for", async () => {
    const deps = testServiceDeps({ now: "2026-09-01T12:00:00Z" });
    const feedId = addFeed(deps, await seedProperty(deps), server.url("/ok.ics?s=tok"));
    await createSyncFeedHandler(deps)({ feedId }, ctx(dueJobId(deps, feedId)));
    expect(staysOfFeed(deps, feedId)).toHaveLength(1);
    expect(auditRows(deps)[0]).toMatchObject({ actor: "job:calendar-sync.sync-feed" });
  });

  it("exits quietly for a deleted feed, a paused feed, or a job made for an earlier schedule", async () => {
    const deps = testServiceDeps({ now: "2026-09-01T12:00:00Z" });
    const handler = createSyncFeedHandler(deps);
    await handler({ feedId: "feed_doesnotexist01" }, ctx("sync-feed_feed_doesnotexist01"));

    const paused = addFeed(deps, await seedProperty(deps), server.url("/ok.ics"));
    const pausedJob = dueJobId(deps, paused);
    deps.db.update(feeds).set({ status: "paused" }).where(eq(feeds.id, paused)).run();
    await handler({ feedId: paused }, ctx(pausedJob));

    const moved = addFeed(deps, await seedProperty(deps), server.url("/ok.ics"));
    const oldJob = dueJobId(deps, moved);
    deps.db.update(feeds).set({ nextSyncAt: new Date("2026-09-01T12:05:00Z") }).where(eq(feeds.id, moved)).run();
    await handler({ feedId: moved }, ctx(oldJob));

    expect(auditRows(deps)).toEqual([]);
    expect(feedRow(deps, moved).lastSyncAt).toBeNull();
  });
});

describe("sync now", () => {
  it("syncs every unpaused feed with progress after each one and totals at the end", async () => {
    const deps = testServiceDeps({ now: "2026-09-01T12:00:00Z" });
    const place = await seedProperty(deps);
    for (let i = 0; i < 5; i++) addFeed(deps, place, server.url(`/ok.ics?n=${i}`));
    addFeed(deps, place, server.url("/down.ics"));
    const paused = addFeed(deps, place, server.url("/ok.ics?n=paused"));
    deps.db.update(feeds).set({ status: "paused" }).where(eq(feeds.id, paused)).run();
    const progress: SyncProgress[] = [];
    const result = await syncFeedsNow(deps, { concurrency: 3, onProgress: (p) => progress.push(p) });
    expect(result).toMatchObject({ total: 6, done: 6, changed: 5, failed: 1, unchanged: 0, skipped: 0 });
    expect(progress.map((p) => p.done)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(progress.at(-1)).toEqual({ done: 6, total: 6, failed: 1 });
    expect(feedRow(deps, paused).lastSyncAt).toBeNull();
  });

  it("limits itself to one account's feeds", async () => {
    const deps = testServiceDeps({ now: "2026-09-01T12:00:00Z" });
    const mine = await seedProperty(deps);
    const theirs = await seedProperty(deps);
    addFeed(deps, mine, server.url("/ok.ics?who=me"));
    const other = addFeed(deps, theirs, server.url("/ok.ics?who=them"));
    expect(await syncFeedsNow(deps, { accountId: mine.accountId })).toMatchObject({ total: 1, changed: 1 });
    expect(feedRow(deps, other).lastSyncAt).toBeNull();
  });

  it("runs from POST /api/v1/feeds/{id}/sync in the request, and the response shows the result", async () => {
    const deps = testServiceDeps({ now: "2026-09-01T12:00:00Z" });
    const { accountId, userId } = await createAccount(deps, { name: "Host", ownerEmail: "host@example.com" });
    const { key } = createApiKey(deps.db, deps.clock, { accountId, userId, name: "t" });
    const app = createApp(deps);
    const call = async (path: string, body?: unknown) => {
      const res = await app.request(path, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
      return { status: res.status, body: (await res.json()) as Record<string, any>, text: "" };
    };
    const property = (await call("/api/v1/properties", { name: "Loft", timezone: "Europe/Berlin" })).body;
    const feedId = addFeed(deps, { accountId, propertyId: property.id }, server.url("/down.ics?s=api-secret"));
    const failed = await call(`/api/v1/feeds/${feedId}/sync`);
    expect(failed.status).toBe(502);
    expect(failed.body.feed).toMatchObject({ id: feedId, status: "failing", consecutiveFailures: 1 });
    expect(failed.body.feed.lastError).toMatch(/^http_status: .*502/);
    expect(failed.body.sync).toMatchObject({ ok: false, result: "failed", reason: "http_status" });
    expect(JSON.stringify(failed.body)).not.toContain("api-secret");

    const created = await call("/api/v1/feeds", { propertyId: property.id, url: server.url("/ok.ics?s=api-secret-2") });
    expect(created.body).toMatchObject({ status: "ok", lastEventCount: 1, source: "airbnb", firstSync: { ok: true, result: "changed", reason: null } });
    expect(created.body.firstSync.summary).toMatch(/^read 1 event, 1 new/);
    const again = await call(`/api/v1/feeds/${created.body.id}/sync`);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: created.body.id, status: "ok", sync: { ok: true } });
  });
});

describe("staykey sync", () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), "staykey-sync-cli-"));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  async function cli(env: Record<string, string>, ...argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await syncCommand(parseArgs(argv, COMMANDS.find((c) => c.name === "sync")!), { out: (l) => out.push(l), err: (l) => err.push(l), env });
    return { code, out, err };
  }

  it("syncs feeds with progress on stderr, one line per feed and a total, and exits 1 when one failed", async () => {
    const env = { STAYKEY_DATA_DIR: dataDir, STAYKEY_FEED_ALLOW_HOSTS: "127.0.0.1", STAYKEY_LOG_LEVEL: "silent" };
    const core = coreDepsFromEnv(env);
    const place = await seedProperty(core as ServiceDeps);
    const ok = addFeed(core as ServiceDeps, place, server.url("/ok.ics?s=cli-secret"));
    const down = addFeed(core as ServiceDeps, place, server.url("/down.ics?s=cli-secret"));
    core.db.$client.close();

    const all = await cli(env);
    expect(all.code).toBe(1);
    expect(all.err).toHaveLength(2);
    expect(all.err[0]).toMatch(/^synced 1\/2 feeds \([01] failed\)$/);
    expect(all.err.at(-1)).toBe("synced 2/2 feeds (1 failed)");
    expect(all.out).toContain(`${down} failed (http_status): 127.0.0.1 answered HTTP 502`);
    expect(all.out.at(-1)).toBe("2 feeds: 1 changed, 0 unchanged, 1 failed, 0 skipped");
    expect(all.out.join("\n")).not.toContain("cli-secret");

    const one = await cli(env, "--feed", ok, "--json");
    expect(one.code).toBe(0);
    expect(JSON.parse(one.out[0]!)).toMatchObject({ total: 1, unchanged: 1, outcomes: [{ feedId: ok, result: "unchanged" }] });

    await expect(cli(env, "--feed", "feed_nosuchfeed000")).rejects.toThrow(/no feed with id/);
  });
});
