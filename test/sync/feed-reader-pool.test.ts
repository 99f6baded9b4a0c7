import { readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Logger } from "../../src/lib/logger";
import { parseAllowList } from "../../src/lib/net/address-policy";
import { inlineFeedReader, type FeedReadRequest } from "../../src/services/calendar/reader/feed-reader";
import { createFeedReaderPool } from "../../src/services/calendar/reader/feed-reader-pool";
import { startFeedServer, type FeedServer } from "../peers/feed-server";
import { airbnbCalendar, type BookingSpec } from "./calendars";

const property = { timezone: "America/New_York", checkInTime: "16:00", checkOutTime: "11:00" };
const input = { now: new Date("2026-09-01T12:00:00Z"), property };
const allowed = { allowList: parseAllowList("127.0.0.1"), timeoutMs: 5_000 };

function bookings(n: number): BookingSpec[] {
  return Array.from({ length: n }, (_, i) => {
    const start = new Date(Date.UTC(2026, 8, 2) + i * 3 * 86_400_000).toISOString().slice(0, 10);
    const end = new Date(Date.UTC(2026, 8, 2) + (i * 3 + 2) * 86_400_000).toISOString().slice(0, 10);
    return { uid: `pool-${i}@airbnb.com`, start, end, code: `HMPOOL${String(i).padStart(4, "0")}`, phoneLast4: String(1000 + (i % 9000)) };
  });
}

let server: FeedServer;
beforeAll(async () => {
  server = await startFeedServer();
  server.set("/small.ics", { body: airbnbCalendar(bookings(12)), etag: true });
  // Near the 10 MB cap: parses for well over the 150 ms deadline below even on a fast, quiet machine (2-7 s on a
  // loaded 2-core one), while the small one parses in a few ms even on a cold thread of a loaded machine.
  server.set("/large.ics", { body: airbnbCalendar(bookings(25_000)) });
  // Needs node-ical (a weekly RRULE, a TZID), which the thread loads only when a calendar like this comes.
  server.set("/recurring.ics", {
    body: [
      "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Example PMS//EN",
      "BEGIN:VEVENT", "UID:weekly-block@example.com", "DTSTAMP:20260801T000000Z", "DTSTART;TZID=America/New_York:20260905T100000",
      "DTEND;TZID=America/New_York:20260906T100000", "RRULE:FREQ=WEEKLY;COUNT=4", "SUMMARY:Owner block", "END:VEVENT",
      "BEGIN:VEVENT", "UID:zoned-stay@example.com", "DTSTAMP:20260801T000000Z", "DTSTART;TZID=Europe/Paris:20260910T150000",
      "DTEND;TZID=Europe/Paris:20260912T110000", "SUMMARY:Reserved", "END:VEVENT", "END:VCALENDAR", "",
    ].join("\r\n"),
  });
});
afterAll(() => server.close());

const request = (path: string, extra: Partial<FeedReadRequest> = {}): FeedReadRequest => ({ url: server.url(`${path}?s=pool-token`), input, ...extra });

describe("feed reader pool: fetch and parse on worker threads", () => {
  it("answers exactly what reading on the main thread answers, conditional GET included", async () => {
    const pool = createFeedReaderPool({ threads: 2 });
    try {
      const [threaded, inline] = await Promise.all([pool.read(request("/small.ics"), allowed), inlineFeedReader.read(request("/small.ics"), allowed)]);
      expect(threaded.status).toBe("ok");
      expect(threaded).toStrictEqual(inline);
      const reading = threaded.status === "ok" ? threaded.reading : null;
      expect(reading).toMatchObject({ ok: true, sameContent: false, summary: { source: "airbnb", events: 12 } });
      // Dates survive the trip between threads as Dates.
      expect(reading?.ok && !reading.sameContent && reading.candidates[0]!.checkInAt).toEqual(new Date("2026-09-02T20:00:00.000Z"));
      const etag = threaded.status === "ok" ? threaded.etag : undefined;
      expect(await pool.read(request("/small.ics", { etag }), allowed)).toEqual({ status: "not_modified", httpStatus: 304 });
      const known = reading?.ok && !reading.sameContent ? reading.summary.contentHash : null;
      const again = await pool.read(request("/small.ics", { input: { ...input, knownContentHash: known } }), allowed);
      expect(again.status === "ok" && again.reading).toEqual({ ok: true, sameContent: true, contentHash: known });
    } finally {
      await pool.close();
    }
  });

  // Linux only (a thread's own nice value lives in /proc): elsewhere the threads keep the process's priority. A process
  // already at the lowest priority (19) has no lower one to give its threads, so there is nothing to tell apart.
  it.runIf(process.platform === "linux" && os.getPriority() < 19)("runs its threads at a lower priority than the main thread, which stays as it was", async () => {
    const niceOf = (tid: string) => {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
      return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]);
    };
    const threadsNow = () => new Set(readdirSync("/proc/self/task"));
    const before = threadsNow();
    const mainNice = niceOf(String(process.pid));
    const pool = createFeedReaderPool({ threads: 1 });
    try {
      expect((await pool.read(request("/small.ics"), allowed)).status).toBe("ok");
      const started = [...threadsNow()].filter((tid) => !before.has(tid));
      // The reader thread among the threads the pool started (V8 and libuv helpers keep the process's value).
      expect(started.map(niceOf)).toContain(Math.min(19, mainNice + 4));
      expect(niceOf(String(process.pid))).toBe(mainNice);
    } finally {
      await pool.close();
    }
  });

  it("reads a calendar with recurrence and zones (node-ical, loaded on first use in the thread) as the main thread does", async () => {
    const pool = createFeedReaderPool({ threads: 1 });
    try {
      const threaded = await pool.read(request("/recurring.ics"), allowed);
      expect(threaded).toStrictEqual(await inlineFeedReader.read(request("/recurring.ics"), allowed));
      // Four weekly occurrences and the zoned stay.
      expect(threaded).toMatchObject({ status: "ok", reading: { ok: true, summary: { events: 5 } } });
    } finally {
      await pool.close();
    }
  });

  it("fetches under the caller's address policy: loopback refused unless the sync's allow-list names it", async () => {
    const pool = createFeedReaderPool({ threads: 1 });
    try {
      const refused = await pool.read(request("/small.ics"), { allowList: parseAllowList("") });
      expect(refused).toMatchObject({ status: "error", reason: "blocked_address" });
      expect(JSON.stringify(refused)).not.toContain("pool-token");
      expect(await pool.read(request("/small.ics"), allowed)).toMatchObject({ status: "ok" });
    } finally {
      await pool.close();
    }
  });

  it("fails a feed that parses past the deadline, replaces the thread, and reads the next feed normally", async () => {
    const pool = createFeedReaderPool({ threads: 1, parseTimeoutMs: 150 });
    try {
      const [slow, fine] = await Promise.all([pool.read(request("/large.ics"), allowed), pool.read(request("/small.ics"), allowed)]);
      expect(slow).toEqual({ status: "unread", reason: "parse_timeout", detail: "parsing this calendar took longer than 150 ms" });
      expect(fine).toMatchObject({ status: "ok", reading: { ok: true } });
    } finally {
      await pool.close();
    }
  }, 30_000);

  it("fails a feed that needs more memory than a thread may use, without taking the service down", async () => {
    const pool = createFeedReaderPool({ threads: 1, maxHeapMb: 48 });
    try {
      const huge = await pool.read(request("/large.ics"), allowed);
      expect(huge).toEqual({ status: "unread", reason: "parser_crashed", detail: "reading this calendar needed more than 48 MB" });
      expect(await pool.read(request("/small.ics"), allowed)).toMatchObject({ status: "ok", reading: { ok: true } });
    } finally {
      await pool.close();
    }
  }, 60_000);

  it("reads on the main thread, and says so once, when its threads cannot start (a broken install loses no sync)", async () => {
    const errors: string[] = [];
    const logger = { error: (_: unknown, message: string) => errors.push(message), warn: () => {} } as unknown as Logger;
    const pool = createFeedReaderPool({ threads: 2, logger, threadUrl: new URL("./reader-thread-broken.mjs", import.meta.url) });
    try {
      const inline = await inlineFeedReader.read(request("/small.ics"), allowed);
      // Two at once, so both slots try (and fail) to start threads: still one log line.
      expect(await Promise.all([pool.read(request("/small.ics"), allowed), pool.read(request("/small.ics"), allowed)])).toEqual([inline, inline]);
      expect(await pool.read(request("/small.ics"), allowed)).toEqual(inline);
      expect(errors).toEqual(["feed reader threads cannot start; reading feeds on the main thread"]);
    } finally {
      await pool.close();
    }
  });

  it("fails a feed whose answer from the thread cannot be unpacked, says so, and keeps reading", async () => {
    const errors: string[] = [];
    const logger = { error: (_: unknown, message: string) => errors.push(message), warn: () => {} } as unknown as Logger;
    const pool = createFeedReaderPool({ threads: 1, logger, threadUrl: new URL("./reader-thread-garbled.mjs", import.meta.url) });
    try {
      for (let i = 0; i < 2; i++) expect(await pool.read(request("/small.ics"), allowed)).toMatchObject({ status: "unread", reason: "parser_crashed" });
      expect(errors).toEqual(Array(2).fill("a reader thread's answer could not be unpacked; failing that feed's sync"));
    } finally {
      await pool.close();
    }
  });

  it("reads the same through the tsx bootstrap, the fallback when the thread cannot be bundled", async () => {
    const pool = createFeedReaderPool({ threads: 1, threadUrl: new URL("../../src/services/calendar/reader/reader-thread.mjs", import.meta.url) });
    try {
      expect(await pool.read(request("/small.ics"), allowed)).toEqual(await inlineFeedReader.read(request("/small.ics"), allowed));
    } finally {
      await pool.close();
    }
  });

  it("rejects reads after close", async () => {
    const pool = createFeedReaderPool({ threads: 1 });
    await pool.close();
    await expect(pool.read(request("/small.ics"), allowed)).rejects.toThrow(/closed/);
  });
});
