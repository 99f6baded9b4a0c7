import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config";
import { auditEvents, providerConnections } from "../../src/db/schema";
import { createReconciler } from "../../src/jobs/reconciler";
import { reconcileSourcesFor } from "../../src/runtime/reconcile-sources";
import { pollSeamEvents, seamEventPollMs } from "../../src/services/door/poll-seam-events";
import { seamFakeForFile } from "./door-world";

const MINUTE = 60_000;

const seam = seamFakeForFile();
type World = Awaited<ReturnType<typeof seam.world>>;

/**
 * An event as Seam's backend records it, listed by `/events/list` from now on: it happened at the door at staykey's
 * (test) time, and Seam created it by its own clock, as the fake stamps its own events.
 */
const seamEvent = (w: World, event: { event_type: string } & Record<string, unknown>) =>
  seam.fake().addEvent({ device_id: w.device, occurred_at: w.clock.now().toISOString(), created_at: new Date().toISOString(), ...event });
const guestUnlock = (w: World) => seamEvent(w, { event_type: "lock.unlocked", access_code_id: w.code.providerCodeId!, method: "keycode" });
const cursorOf = (w: World) => w.db.select().from(providerConnections).where(eq(providerConnections.id, w.connection.id)).get()!;
const eventLists = () => seam.fake().requests.filter((r) => r.path.startsWith("/events/list"));

describe("door activity from polling Seam's /events/list (installs with no public URL)", () => {
  it("stores a keypad unlock no webhook brought, attributed to the stay, with one arrival notice, and moves the cursor to it", async () => {
    const w = await seam.world();
    const unlock = guestUnlock(w);

    const result = await pollSeamEvents(w.deps, w.connection.id);

    expect(result.ok).toBe(true);
    expect(w.eventsOf()).toMatchObject([{ kind: "unlocked", method: "keypad", provider: "seam", providerEventId: unlock.event_id, accessCodeId: w.code.id, stayId: w.stay.id, actor: "guest" }]);
    expect(w.stayRow().checkedInAt).toEqual(w.clock.now());
    expect(w.messagesOf("arrival_notice")).toHaveLength(1);
    expect(cursorOf(w).eventCursor).toBe(new Date(unlock.created_at).toISOString());
    expect(cursorOf(w).lastSuccessAt).toEqual(w.clock.now());
  });

  it("stores an event the webhook brought and the poll lists again once, in either order, with one arrival notice", async () => {
    const webhookFirst = await seam.world();
    const first = guestUnlock(webhookFirst);
    expect((await webhookFirst.seamWebhook(first)).body.outcome).toBe("applied");
    await pollSeamEvents(webhookFirst.deps, webhookFirst.connection.id);
    expect(webhookFirst.eventsOf()).toHaveLength(1);
    expect(webhookFirst.messagesOf("arrival_notice")).toHaveLength(1);

    const pollFirst = await seam.world();
    const second = guestUnlock(pollFirst);
    await pollSeamEvents(pollFirst.deps, pollFirst.connection.id);
    await pollFirst.seamWebhook(second);
    expect(pollFirst.eventsOf()).toMatchObject([{ providerEventId: second.event_id }]);
    expect(pollFirst.messagesOf("arrival_notice")).toHaveLength(1);
  });

  it("re-reads the minutes before its cursor on the next poll, and stores nothing of them twice", async () => {
    const w = await seam.world();
    guestUnlock(w);
    await pollSeamEvents(w.deps, w.connection.id);
    w.clock.advance(MINUTE);
    const later = seamEvent(w, { event_type: "lock.locked", method: "manual" });

    const again = await pollSeamEvents(w.deps, w.connection.id);

    // The overlap lists the unlock again: only the lock is new.
    expect(again.listed).toBeGreaterThanOrEqual(2);
    expect(w.eventsOf().map((e) => e.kind).sort()).toEqual(["locked", "unlocked"]);
    expect(w.messagesOf("arrival_notice")).toHaveLength(1);
    expect(cursorOf(w).eventCursor).toBe(new Date(later.created_at).toISOString());
  });

  it("leaves the cursor where it was when Seam does not answer, records why on the connection, and catches up on the next poll", async () => {
    const w = await seam.world();
    guestUnlock(w);
    seam.fake().injectFaults({ status: 503 }, { status: 503 }, { status: 503 }, { status: 503 });

    const failed = await pollSeamEvents(w.deps, w.connection.id);

    expect(failed.ok).toBe(false);
    expect(cursorOf(w)).toMatchObject({ eventCursor: null, lastErrorAt: w.clock.now() });
    expect(cursorOf(w).lastError).toBeTruthy();
    expect(w.eventsOf()).toHaveLength(0);
    // A failed call is audited against the connection, without the key.
    const audited = w.db.select().from(auditEvents).where(eq(auditEvents.subjectId, w.connection.id)).all();
    expect(audited.map((a) => [a.action, a.outcome])).toContainEqual(["connection.events.list", "error"]);
    expect(JSON.stringify(audited)).not.toContain(seam.fake().apiKey);

    seam.fake().injectFaults();
    w.clock.advance(MINUTE);
    await pollSeamEvents(w.deps, w.connection.id);
    expect(w.eventsOf()).toHaveLength(1);
    expect(w.stayRow().checkedInAt).not.toBeNull();
  });

  it("speaks only for its own connection's locks: another account polling the same Seam workspace stores nothing on this lock", async () => {
    const w = await seam.world();
    const other = await seam.world();
    guestUnlock(w);

    await pollSeamEvents(other.deps, other.connection.id);
    expect(w.eventsOf()).toHaveLength(0);
    expect(other.eventsOf()).toHaveLength(0);

    await pollSeamEvents(w.deps, w.connection.id);
    expect(w.eventsOf()).toHaveLength(1);
  });

  it("does not call Seam for a connection that has no lock yet", async () => {
    const w = await seam.world();
    const bare = w.world.connection(w.accountId, { provider: "seam", config: { apiKey: seam.fake().apiKey } });
    const before = eventLists().length;
    expect(await pollSeamEvents(w.deps, bare.id)).toEqual({ listed: 0, fresh: 0, ok: true });
    expect(eventLists().length).toBe(before);
  });
});

describe("when Seam connections are polled", () => {
  it("every minute when no Seam webhook is configured, never when one is, and as STAYKEY_SEAM_EVENT_POLL_SECONDS says when set", () => {
    const config = (env: Record<string, string>) => loadConfig({ STAYKEY_DATA_DIR: "/nonexistent", ...env });
    expect(seamEventPollMs(config({}))).toBe(60_000);
    expect(seamEventPollMs(config({ SEAM_WEBHOOK_SECRET: "whsec_x" }))).toBeNull();
    expect(seamEventPollMs(config({ SEAM_WEBHOOK_SECRET: "whsec_x", STAYKEY_SEAM_EVENT_POLL_SECONDS: "300" }))).toBe(300_000);
    expect(seamEventPollMs(config({ STAYKEY_SEAM_EVENT_POLL_SECONDS: "0" }))).toBeNull();
    expect(() => config({ STAYKEY_SEAM_EVENT_POLL_SECONDS: "5" })).toThrow(/STAYKEY_SEAM_EVENT_POLL_SECONDS: must be 0 \(never\) or at least 15 seconds/);
  });

  it("the reconciler schedules a poll per slot for each Seam connection with a lock, and the worker's poll stores the event", async () => {
    const w = await seam.world({ STAYKEY_SEAM_EVENT_POLL_SECONDS: "60" });
    w.world.connection(w.accountId, { provider: "seam", config: { apiKey: seam.fake().apiKey } });
    const unlock = guestUnlock(w);
    const reconciler = createReconciler({ db: w.db, queue: w.deps.jobs, sources: reconcileSourcesFor(w.deps.config), clock: w.clock });

    const pass = await reconciler.run();
    const polls = w.pendingJobs("lock-health.poll-seam-events");
    // One connection has a lock, the other none: five one-minute slots until the next pass, all for the first.
    expect(polls.map((j) => j.payload)).toEqual(Array(5).fill({ connectionId: w.connection.id }));
    // A scheduled poll is the reconciler doing its job, not a repair.
    expect(pass.missingByName["lock-health.poll-seam-events"]).toBeUndefined();
    expect((await reconciler.run()).createdByName["lock-health.poll-seam-events"]).toBeUndefined();

    w.clock.advance(MINUTE);
    await w.runDue();
    expect(w.ran).toContain("lock-health.poll-seam-events");
    expect(w.eventsOf()).toMatchObject([{ providerEventId: unlock.event_id, stayId: w.stay.id }]);
  });

  it("schedules nothing, and a queued poll does nothing, when the install gets Seam's webhooks", async () => {
    const w = await seam.world();
    guestUnlock(w);
    const reconciler = createReconciler({ db: w.db, queue: w.deps.jobs, sources: reconcileSourcesFor(w.deps.config), clock: w.clock });
    await reconciler.run();
    expect(w.pendingJobs("lock-health.poll-seam-events")).toHaveLength(0);

    await w.deps.jobs.enqueue("lock-health.poll-seam-events", { connectionId: w.connection.id });
    const before = eventLists().length;
    await w.runDue();
    expect(w.ran).toContain("lock-health.poll-seam-events");
    expect(eventLists().length).toBe(before);
    expect(w.eventsOf()).toHaveLength(0);
  });
});
