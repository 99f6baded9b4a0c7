import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { StayInsert } from "../../src/db/rows";
import { alerts, auditEvents, messages, stays } from "../../src/db/schema";
import { deliverMessage, scheduleGuestCodeMessages, scheduleGuestUpdate } from "../../src/services/delivery";
import { SENDING_GRACE_MS } from "../../src/services/delivery/deliver-message";
import { TwilioEmulator } from "../peers/twilio-emulator";
import { deliveryHarness, type Harness } from "./harness";
import type { GuestContact } from "../../src/services/contact-details/contact-details";

const PHONE = "+14155550123";
const CHECK_IN = new Date("2026-12-10T21:00:00Z"); // 16:00 EST
const CHECK_OUT = new Date("2026-12-13T16:00:00Z"); // 11:00 EST

let twilio: TwilioEmulator;
let h: Harness;
beforeEach(async () => {
  twilio = await TwilioEmulator.start();
  h = await deliveryHarness({ now: "2026-12-01T12:00:00Z", twilio });
});
afterEach(async () => {
  await twilio.close();
  await h.close();
});

function guestWithCode(state: "active" | "programming" = "active", stay: Partial<StayInsert> & Partial<GuestContact> = {}) {
  const { propertyId, lockId } = h.seed.property({ wifiName: "BeachNet", wifiPassword: "sandcastle" });
  const stayId = h.seed.stay(propertyId, { checkInAt: CHECK_IN, checkOutAt: CHECK_OUT, guestPhone: PHONE, ...stay });
  const codeId = h.seed.code({ propertyId, lockId, stayId, pin: "583914", state, validFrom: CHECK_IN, validTo: CHECK_OUT });
  return { propertyId, lockId, stayId, codeId };
}

describe("guest code SMS", () => {
  it("sends exactly one SMS with the confirmed code at the lead before check-in, in property time", async () => {
    const { stayId } = guestWithCode();
    const scheduled = await scheduleGuestCodeMessages(h.deps, stayId);
    expect(scheduled.messageIds).toHaveLength(1);
    const [row] = h.messageRows();
    // 24 h lead, read in America/New_York: 16:00 EST the day before.
    expect(row!.sendAt!.toISOString()).toBe("2026-12-09T21:00:00.000Z");

    expect(await h.runDueJobs()).toEqual([]);
    expect(twilio.sent()).toHaveLength(0);

    h.deps.clock.set("2026-12-09T21:00:00Z");
    expect(await h.runDueJobs()).toEqual([]);
    await twilio.idle();
    const sent = twilio.sent();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.to).toBe(PHONE);
    expect(sent[0]!.body).toContain("583914");
    expect(sent[0]!.body).toMatch(/Thu, Dec 10, 4:00\sPM EST/u);
    expect(sent[0]!.body).toContain("Wi-Fi: BeachNet / sandcastle");
    const after = h.messageRows()[0]!;
    expect(after).toMatchObject({ status: "delivered", provider: "twilio", providerId: sent[0]!.sid, attempts: 1 });
  });

  it("sends at once for a booking made inside the lead", async () => {
    h.deps.clock.set("2026-12-10T15:00:00Z");
    const { stayId } = guestWithCode();
    await scheduleGuestCodeMessages(h.deps, stayId);
    expect(h.messageRows()[0]!.sendAt!.toISOString()).toBe("2026-12-10T15:00:00.000Z");
    await h.runDueJobs();
    expect(twilio.sent()).toHaveLength(1);
  });

  it("writes no message and sends nothing while the code is still programming", async () => {
    const { stayId, codeId } = guestWithCode("programming");
    const result = await scheduleGuestCodeMessages(h.deps, stayId);
    expect(result).toEqual({ messageIds: [], skipped: "no code confirmed on the lock for this stay" });
    expect(h.messageRows()).toHaveLength(0);

    h.seed.setCodeState(codeId, "active");
    await scheduleGuestCodeMessages(h.deps, stayId);
    expect(h.messageRows()).toHaveLength(1);
  });

  it("withdraws a queued message whose code stopped being confirmed before it went out", async () => {
    const { stayId, codeId } = guestWithCode();
    await scheduleGuestCodeMessages(h.deps, stayId);
    h.seed.setCodeState(codeId, "revoking");
    h.deps.clock.set("2026-12-09T21:00:00Z");
    await h.runDueJobs();
    expect(twilio.sent()).toHaveLength(0);
    expect(h.messageRows()[0]).toMatchObject({ status: "failed", errorCode: "cancelled" });
  });

  it("sends a confirmed backup code assigned to the stay when its own code failed", async () => {
    const { propertyId, lockId, stayId, codeId } = guestWithCode();
    h.seed.setCodeState(codeId, "failed");
    h.seed.code({ propertyId, lockId, purpose: "backup", assignedStayId: stayId, pin: "771204", state: "active", validFrom: CHECK_IN, validTo: CHECK_OUT });
    h.deps.clock.set("2026-12-10T15:00:00Z");
    await scheduleGuestCodeMessages(h.deps, stayId);
    await h.runDueJobs();
    expect(twilio.sent().map((m) => m.body.includes("771204"))).toEqual([true]);
  });

  it("sends once when the deliver job runs twice, or the scheduler is called again", async () => {
    h.deps.clock.set("2026-12-10T15:00:00Z");
    const { stayId } = guestWithCode();
    await scheduleGuestCodeMessages(h.deps, stayId);
    await scheduleGuestCodeMessages(h.deps, stayId);
    const [row] = h.messageRows();
    const [job] = h.jobsFor(row!.id);
    // Two workers holding the same job at once (a lease that lapsed mid-send): the second leaves the in-flight send
    // alone and retries later; then a sequential re-run finds it sent.
    const both = await Promise.allSettled([
      deliverMessage(h.deps, { messageId: row!.id }, { jobId: job!.id, attempt: 1 }),
      deliverMessage(h.deps, { messageId: row!.id }, { jobId: job!.id, attempt: 2 }),
    ]);
    expect(both.map((r) => r.status)).toEqual(["fulfilled", "rejected"]);
    await deliverMessage(h.deps, { messageId: row!.id }, { jobId: job!.id, attempt: 3 });
    await h.runDueJobs();
    await twilio.idle();
    expect(h.messageRows()).toHaveLength(1);
    expect(h.messageRows()[0]!.status).toBe("delivered");
    expect(twilio.sent()).toHaveLength(1);
    expect(h.deps.db.select().from(alerts).all()).toEqual([]);
  });

  it("does not resend a message a crashed attempt left in sending: fails it as unknown and tells the host", async () => {
    h.deps.clock.set("2026-12-10T15:00:00Z");
    const { stayId } = guestWithCode();
    await scheduleGuestCodeMessages(h.deps, stayId);
    const [row] = h.messageRows();
    h.deps.db.update(messages).set({ status: "sending", attempts: 1 }).where(eq(messages.id, row!.id)).run();
    // Within the grace period it could still be another worker's send in flight: left alone.
    expect(await h.runDueJobs()).toHaveLength(1);
    expect(h.messageRows()[0]!.status).toBe("sending");
    h.deps.clock.advance(SENDING_GRACE_MS);
    await h.runDueJobs();
    expect(twilio.sent()).toHaveLength(0);
    expect(h.messageRows()[0]).toMatchObject({ status: "failed", errorCode: "unknown_outcome" });
    const alert = h.deps.db.select().from(alerts).get();
    expect(alert).toMatchObject({ kind: "delivery_failed", severity: "warning", subjectId: stayId });
    expect(alert!.detail).not.toContain(PHONE);
  });

  it("retries a 503 with backoff and sends once; a 21211 invalid number fails at once and alerts", async () => {
    h.deps.clock.set("2026-12-10T15:00:00Z");
    const { stayId } = guestWithCode();
    twilio.failNext(1, 503);
    await scheduleGuestCodeMessages(h.deps, stayId);
    const errors = await h.runDueJobs();
    expect(errors.map((e) => (e as { kind?: string }).kind)).toEqual(["transient"]);
    expect(h.messageRows()[0]).toMatchObject({ status: "queued", errorCode: "20503" });
    h.deps.clock.advance(15_000);
    expect(await h.runDueJobs()).toEqual([]);
    expect(twilio.sent()).toHaveLength(1);

    const other = guestWithCode("active", { guestPhone: "+14155550999" });
    twilio.invalid("+14155550999");
    await scheduleGuestCodeMessages(h.deps, other.stayId);
    const failures = await h.runDueJobs();
    expect(failures).toHaveLength(1);
    expect((failures[0] as { permanent?: boolean }).permanent).toBe(true);
    const failed = h.messageRows().find((m) => m.stayId === other.stayId)!;
    expect(failed).toMatchObject({ status: "failed", errorCode: "21211", attempts: 1 });
    expect(h.deps.db.select().from(alerts).where(eq(alerts.subjectId, other.stayId)).get()).toMatchObject({ kind: "delivery_failed", severity: "warning" });
    const audit = JSON.stringify(h.deps.db.select().from(auditEvents).all());
    expect(audit).not.toContain("+14155550999");
  });

  it("sends a short update after dates move post-send, once, and nothing to a cancelled guest", async () => {
    h.deps.clock.set("2026-12-10T15:00:00Z");
    const { stayId } = guestWithCode();
    await scheduleGuestCodeMessages(h.deps, stayId);
    await h.runDueJobs();
    // Checkout moves a day later; the lifecycle moves the code window (same PIN) and calls the update hook.
    const later = new Date("2026-12-14T16:00:00Z");
    h.deps.db.update(stays).set({ checkOutAt: later, version: 2 }).where(eq(stays.id, stayId)).run();
    h.deps.db.$client.prepare("UPDATE access_codes SET valid_to = ? WHERE stay_id = ?").run(later.getTime(), stayId);
    await scheduleGuestUpdate(h.deps, stayId);
    await scheduleGuestUpdate(h.deps, stayId);
    await h.runDueJobs();
    await twilio.idle();
    const bodies = twilio.sent().map((m) => m.body);
    expect(bodies).toHaveLength(2);
    expect(bodies[1]).toMatch(/^Update for your stay at Beach House: your door code 583914 now works from .* until Mon, Dec 14, 11:00\sAM EST\.$/u);

    h.deps.db.update(stays).set({ status: "cancelled", version: 3 }).where(eq(stays.id, stayId)).run();
    await scheduleGuestUpdate(h.deps, stayId);
    await h.runDueJobs();
    expect(twilio.sent()).toHaveLength(2);
  });

  it("withdraws the queued code message when the stay is cancelled before it goes out", async () => {
    const { stayId } = guestWithCode();
    await scheduleGuestCodeMessages(h.deps, stayId);
    h.deps.db.update(stays).set({ status: "cancelled", version: 2 }).where(eq(stays.id, stayId)).run();
    await scheduleGuestUpdate(h.deps, stayId);
    h.deps.clock.set("2026-12-09T21:00:00Z");
    await h.runDueJobs();
    expect(twilio.sent()).toHaveLength(0);
    expect(h.messageRows()[0]).toMatchObject({ status: "failed", errorCode: "cancelled" });
  });
});
