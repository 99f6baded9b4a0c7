import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, count, eq, inArray } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import { afterAll, describe, expect, it } from "vitest";
import { startDemo, type RunningDemo } from "../../src/cli/demo";
import { accessCodes, accounts, contacts, feeds, locks, messages, properties, propertyCleaners, stays, turnovers, users } from "../../src/db/schema";
import { isAllowed } from "../../src/lib/net/address-policy";
import { verifyPassword } from "../../src/lib/password";
import { fetchFeed } from "../../src/providers/calendar/fetch-feed";
import { buildRuntime } from "../../src/runtime/build-runtime";
import { findUserByEmail } from "../../src/services/accounts/create-account";
import { openRecipient } from "../../src/services/contact-details/contact-details";
import { SAMPLE_BOOKINGS, seedDemo, withDemoFeedHost } from "../../src/services/demo";
import { cleanerTurnovers } from "../../src/services/cleaners/turnovers";
import { testDeps } from "../support/test-deps";
import { eventually } from "./eventually";

const dir = mkdtempSync(join(tmpdir(), "staykey-demo-"));
// A configured SMS/email account must not be used for the fictional sample guests: the demo drops it.
const env = { STAYKEY_DATA_DIR: dir, STAYKEY_LOG_LEVEL: "silent", SMTP_URL: "smtp://127.0.0.1:9", SMTP_FROM: "host@example.com" };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const uid = (n: number) => SAMPLE_BOOKINGS.filter((b) => b.kind === "reservation")[n]!.uid;
const SEEDED = { accounts, users, properties, locks, contacts, propertyCleaners, feeds, stays, turnovers, accessCodes, messages };
const rowCounts = (demo: RunningDemo) =>
  Object.fromEntries(Object.entries(SEEDED).map(([name, table]) => [name, demo.runtime.deps.db.select({ n: count() }).from(table as SQLiteTable).get()!.n]));

describe("staykey demo", () => {
  let first: { counts: Record<string, number>; hostPassword: string };

  it("within seconds shows the near stays' codes active on the simulated lock, their guests' messages sent to the outbox, and the cleaner's turnover code", async () => {
    const demo = await startDemo(env, { port: 0 });
    try {
      const { db, box } = demo.runtime.deps;
      expect(demo.sync).toEqual({ ok: true, summary: "read 4 events, 4 new, 0 updated, 0 cancelled." });
      const calendar = await (await fetch(`http://127.0.0.1:${demo.port}/demo/calendars/${demo.seed.anchor}.ics`)).text();
      expect(calendar).toContain("PRODID:-//Airbnb Inc//Hosting Calendar 1.0//EN");
      const stayOf = (n: number) => db.select().from(stays).where(and(eq(stays.feedId, demo.seed.feedId), eq(stays.externalUid, uid(n)))).get()!;
      const [near1, near2, later] = [stayOf(0), stayOf(1), stayOf(2)];
      expect(near1.checkInDate).toBe(demo.seed.anchor);
      expect(near2.checkInDate).toBe(near1.checkOutDate);

      await eventually(() => {
        const guestCodes = db.select().from(accessCodes).where(and(eq(accessCodes.purpose, "guest"), inArray(accessCodes.stayId, [near1.id, near2.id]))).all();
        expect(guestCodes.map((c) => c.state)).toEqual(["active", "active"]);
        const sent = db.select().from(messages).where(and(eq(messages.purpose, "guest_code"), inArray(messages.stayId, [near1.id, near2.id]))).all();
        // Maya gave a phone; Jonas a phone and an email: one message per channel, all through the outbox.
        expect(sent.map((m) => `${m.channel}:${openRecipient(box, m)}:${m.status}:${m.provider}`).sort()).toEqual([
          "email:jonas.berg@example.com:sent:outbox", "sms:+15555550123:sent:outbox", "sms:+15555550147:sent:outbox",
        ]);
        const turnover = db.select().from(turnovers).where(eq(turnovers.afterStayId, near1.id)).get();
        expect(turnover?.nextStayId).toBe(near2.id);
        const cleanerCode = db.select().from(accessCodes).where(eq(accessCodes.turnoverId, turnover!.id)).get();
        expect(cleanerCode).toMatchObject({ purpose: "cleaner", contactId: demo.seed.cleanerContactId, state: "active" });
        // The cleaner hears about it at the property's usual hour the day before, so the notice waits in the queue.
        const notice = db.select().from(messages).where(eq(messages.turnoverId, turnover!.id)).get();
        expect(notice).toMatchObject({ purpose: "cleaner_notice" });
        expect(openRecipient(box, notice!)).toBe("+15555550188");
      }, { timeoutMs: 30_000 });

      // "Active" means the simulated lock really holds the PIN the guest was sent.
      const code = db.select().from(accessCodes).where(and(eq(accessCodes.stayId, near1.id), eq(accessCodes.purpose, "guest"))).get()!;
      const pin = box.decrypt(code.pinEnc, `code:${code.id}`);
      const lock = db.select().from(locks).where(eq(locks.id, demo.seed.lockId)).get()!;
      const onLock = await demo.runtime.deps.lockProvider(lock).listCodes(lock.providerDeviceId);
      expect(onLock.map((c) => c.pin)).toContain(pin);
      const sms = db.select().from(messages).where(and(eq(messages.stayId, near1.id), eq(messages.channel, "sms"))).get()!;
      expect(box.decrypt(sms.bodyEnc, `message:${sms.id}`)).toContain(pin);

      // The cleaner's portal lists that turnover with their own active code.
      const schedule = cleanerTurnovers(db, box, { accountId: demo.seed.accountId, contactId: demo.seed.cleanerContactId }, new Date());
      expect(schedule[0]?.codes).toEqual([expect.objectContaining({ lockName: "Front door", state: "active", pin: expect.stringMatching(/^\d{6}$/) })]);

      // The later stay is planned but not due yet, and its guest has not been written to.
      expect(db.select().from(accessCodes).where(eq(accessCodes.stayId, later.id)).get()?.state).toBe("planned");
      expect(db.select().from(messages).where(eq(messages.stayId, later.id)).all()).toEqual([]);

      // The printed passwords sign in (scrypt hashes, nothing in clear).
      const host = findUserByEmail(demo.runtime.deps, demo.seed.host.email)!;
      const cleaner = findUserByEmail(demo.runtime.deps, demo.seed.cleaner.email)!;
      expect(host.passwordHash).toMatch(/^scrypt\$/);
      await expect(verifyPassword(demo.seed.host.password, host.passwordHash!)).resolves.toBe(true);
      await expect(verifyPassword(demo.seed.cleaner.password, cleaner.passwordHash!)).resolves.toBe(true);
      expect(cleaner).toMatchObject({ role: "cleaner", contactId: demo.seed.cleanerContactId, accountId: host.accountId });
      first = { counts: rowCounts(demo), hostPassword: demo.seed.host.password };
    } finally {
      await demo.stop();
    }
  }, 40_000);

  it("duplicates nothing when run again, and only sets new passwords", async () => {
    const again = await startDemo(env, { port: 0 });
    try {
      expect(again.sync).toEqual({ ok: true, summary: "no changes since the last sync." });
      expect(rowCounts(again)).toEqual(first.counts);
      const guests = again.runtime.deps.db.select({ name: stays.guestName }).from(stays).where(eq(stays.kind, "reservation")).all();
      expect(guests.map((g) => g.name).sort()).toEqual(["Jonas Berg", "Maya Chen", "Priya Nair"]);
      expect(again.seed.host.password).not.toBe(first.hostPassword);
      const host = findUserByEmail(again.runtime.deps, again.seed.host.email)!;
      await expect(verifyPassword(first.hostPassword, host.passwordHash!)).resolves.toBe(false);
      await expect(verifyPassword(again.seed.host.password, host.passwordHash!)).resolves.toBe(true);
    } finally {
      await again.stop();
    }
  }, 20_000);

  it("allows only its own loopback address for feeds, and only in the demo process", async () => {
    const demo = await startDemo(env, { port: 0 });
    const serve = buildRuntime({ STAYKEY_DATA_DIR: dir, STAYKEY_LOG_LEVEL: "silent" });
    try {
      const allowed = (deps: { feedFetch: RunningDemo["runtime"]["deps"]["feedFetch"] }, ip: string) => isAllowed(ip, ip, deps.feedFetch.allowList!);
      expect(allowed(demo.runtime.deps, "127.0.0.1")).toBe(true);
      for (const other of ["127.0.0.2", "::1", "10.0.0.1", "169.254.169.254"]) expect(allowed(demo.runtime.deps, other)).toBe(false);
      expect(allowed(serve.deps, "127.0.0.1")).toBe(false);
      const refused = await fetchFeed("http://127.0.0.2:9/cal.ics", demo.runtime.deps.feedFetch);
      expect(refused).toMatchObject({ status: "error", reason: "blocked_address" });
      expect(() => withDemoFeedHost({}, "127.0.0.0/8")).toThrow(/one IP address/);
    } finally {
      await serve.close();
      await demo.stop();
    }
  }, 20_000);
});

describe("the demo on a later day", () => {
  it("moves the sample bookings forward on the same feed instead of adding another", async () => {
    const deps = testDeps({ now: "2026-11-21T09:00:00Z" });
    const origin = "http://127.0.0.1:8787";
    const first = await seedDemo(deps, { origin });
    expect(first.anchor).toBe("2026-11-21");
    deps.clock.set("2026-11-21T20:00:00Z");
    expect((await seedDemo(deps, { origin })).anchor).toBe("2026-11-21");
    deps.clock.set("2026-11-25T09:00:00Z");
    const later = await seedDemo(deps, { origin: "http://127.0.0.1:9000" });
    expect(later).toMatchObject({ anchor: "2026-11-25", feedId: first.feedId, propertyId: first.propertyId, lockId: first.lockId });
    const feed = deps.db.select().from(feeds).all();
    expect(feed).toHaveLength(1);
    expect(deps.box.decrypt(feed[0]!.urlEnc, `feed:${feed[0]!.id}`)).toBe("http://127.0.0.1:9000/demo/calendars/2026-11-25.ics");
    expect(feed[0]!.nextSyncAt).toEqual(new Date("2026-11-25T09:00:00Z"));
  }, 10_000);
});
