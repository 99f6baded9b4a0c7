import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config";
import { buildRuntime } from "../../src/runtime/build-runtime";
import { defaultReaderThreads } from "../../src/services/calendar/reader/feed-reader-pool";
import { syncFeed } from "../../src/services/calendar/sync-feed";
import { startFeedServer, type FeedServer } from "../peers/feed-server";
import { airbnbCalendar } from "../sync/calendars";
import { addFeed, seedProperty, staysOfFeed } from "../sync/sync-harness";

let server: FeedServer;
const dirs: string[] = [];
beforeAll(async () => {
  server = await startFeedServer();
  server.set("/wired.ics", { body: airbnbCalendar([{ uid: "wired-1@airbnb.com", start: "2031-05-02", end: "2031-05-05", code: "HMWIRED001", phoneLast4: "4321" }]) });
});
afterAll(async () => {
  await server.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const env = (extra: Record<string, string>) => {
  const dir = mkdtempSync(join(tmpdir(), "staykey-reader-"));
  dirs.push(dir);
  return { STAYKEY_DATA_DIR: dir, STAYKEY_LOG_LEVEL: "silent", STAYKEY_FEED_ALLOW_HOSTS: "127.0.0.1", ...extra };
};

describe("STAYKEY_PARSE_THREADS in the composition root", () => {
  it("syncs through reader threads, with the operator's allow-list, and stops them on close", async () => {
    const runtime = buildRuntime(env({ STAYKEY_PARSE_THREADS: "1" }));
    try {
      expect(runtime.deps.feedReader).toBeDefined();
      const place = await seedProperty(runtime.deps);
      const feedId = addFeed(runtime.deps, place, server.url("/wired.ics?s=wired-token"));
      expect(await syncFeed(runtime.deps, feedId)).toMatchObject({ result: "changed", counts: { created: 1 } });
      expect(staysOfFeed(runtime.deps, feedId)).toMatchObject([{ externalUid: "wired-1@airbnb.com", reservationCode: "HMWIRED001", checkInDate: "2031-05-02" }]);
    } finally {
      await runtime.close();
    }
    await expect(runtime.deps.feedReader!.read({ url: server.url("/wired.ics"), input: { now: new Date(), property: { timezone: "UTC", checkInTime: "15:00", checkOutTime: "11:00" } } }, {})).rejects.toThrow(/closed/);
  });

  it("defaults to one thread less than the cores, reads on the main thread with 0, and refuses a value that is not a count", async () => {
    const byDefault = buildRuntime(env({}));
    expect(byDefault.deps.feedReader !== undefined).toBe(defaultReaderThreads() > 0);
    await byDefault.close();
    const runtime = buildRuntime(env({ STAYKEY_PARSE_THREADS: "0" }));
    try {
      expect(runtime.deps.feedReader).toBeUndefined();
    } finally {
      await runtime.close();
    }
    expect(() => buildRuntime(env({ STAYKEY_PARSE_THREADS: "many" }))).toThrow(ConfigError);
    expect(() => buildRuntime(env({ STAYKEY_PARSE_THREADS: "many" }))).toThrow(/STAYKEY_PARSE_THREADS/);
  });
});
