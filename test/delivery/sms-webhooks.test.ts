import { afterEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { alerts, auditEvents, smsOptOuts, stays } from "../../src/db/schema";
import { scheduleGuestCodeMessages } from "../../src/services/delivery";
import { SmtpPeer } from "../peers/smtp-peer";
import { TwilioEmulator, type TwilioEmulatorOptions } from "../peers/twilio-emulator";
import { deliveryHarness, SENDER, type Harness } from "./harness";
import { phoneHash, sealGuestContact } from "../../src/services/contact-details/contact-details";

const PHONE = "+14155550123";
const EMAIL = "jamie@example.com";
const CHECK_IN = new Date("2026-12-10T21:00:00Z");
const CHECK_OUT = new Date("2026-12-13T16:00:00Z");

let twilio: TwilioEmulator | undefined;
let smtp: SmtpPeer | undefined;
let h: Harness | undefined;
afterEach(async () => {
  await twilio?.close();
  await smtp?.close();
  await h?.close();
  twilio = smtp = h = undefined;
});

async function setUp(options: TwilioEmulatorOptions = {}, harness: { publicUrl?: boolean } = {}) {
  twilio = await TwilioEmulator.start(options);
  smtp = await SmtpPeer.start();
  h = await deliveryHarness({ now: "2026-12-10T15:00:00Z", twilio, smtp, ...harness });
  return { twilio, smtp, h };
}

async function guestMessage(h: Harness, contact: { guestPhone?: string; guestEmail?: string } = { guestPhone: PHONE }) {
  const { propertyId, lockId } = h.seed.property();
  const stayId = h.seed.stay(propertyId, { checkInAt: CHECK_IN, checkOutAt: CHECK_OUT, ...contact });
  h.seed.code({ propertyId, lockId, stayId, pin: "583914", state: "active", validFrom: CHECK_IN, validTo: CHECK_OUT });
  await scheduleGuestCodeMessages(h.deps, stayId);
  return stayId;
}

describe("opt-out", () => {
  it("records a 21610 opt-out, falls back to email the SMTP peer receives, and tells the host", async () => {
    const { twilio, smtp, h } = await setUp();
    twilio.optOut(PHONE);
    const stayId = await guestMessage(h, { guestPhone: PHONE });
    // The email arrives after the SMS was queued (a PMS update), so only the fallback can carry it.
    h.deps.db.update(stays).set(sealGuestContact(h.deps.box, stayId, { guestEmail: EMAIL })).where(eq(stays.id, stayId)).run();
    await h.runDueJobs(); // SMS refused with 21610, email fallback queued for now
    await h.runDueJobs(); // the fallback goes out
    expect(twilio.sent()).toHaveLength(0);
    expect(h.deps.db.select().from(smsOptOuts).all().map((o) => o.phoneHash)).toEqual([phoneHash(h.deps.box, PHONE)]);
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]).toMatchObject({ to: [EMAIL], subject: "Your door code for Beach House" });
    expect(smtp.received[0]!.text).toContain("583914");
    const rows = h.messageRows();
    expect(rows.map((r) => [r.channel, r.status, r.errorCode])).toEqual([["sms", "failed", "21610"], ["email", "sent", null]]);
    const alert = h.deps.db.select().from(alerts).where(eq(alerts.subjectId, stayId)).get();
    expect(alert).toMatchObject({ kind: "delivery_failed", severity: "info" });
  });

  it("opts a number out on inbound STOP and back in on START, through signed webhooks", async () => {
    const { twilio, h } = await setUp();
    const inbound = `${h.baseUrl}/webhooks/twilio/inbound`;
    const stop = await twilio.sendInbound(inbound, { From: PHONE, To: SENDER, Body: "stop" });
    expect(stop.status).toBe(200);
    expect(h.deps.db.select().from(smsOptOuts).all().map((o) => o.phoneHash)).toEqual([phoneHash(h.deps.box, PHONE)]);

    // While opted out, a new guest message skips SMS and goes by email only.
    await guestMessage(h, { guestPhone: PHONE, guestEmail: EMAIL });
    expect(h.messageRows().map((r) => r.channel)).toEqual(["email"]);

    const start = await twilio.sendInbound(inbound, { From: PHONE, To: SENDER, Body: "START" });
    expect(start.status).toBe(200);
    expect(h.deps.db.select().from(smsOptOuts).all()).toEqual([]);
  });
});

describe("status callbacks", () => {
  it("keeps delivered when sent arrives after it", async () => {
    const { twilio, h } = await setUp({ callbacks: "manual", callbackOrder: "reverse" });
    await guestMessage(h);
    await h.runDueJobs();
    const callbacks = twilio.takeCallbacks();
    expect(callbacks.map((c) => c.params.MessageStatus)).toEqual(["delivered", "sent", "queued"]);
    for (const cb of callbacks) expect(await twilio.deliverCallback(cb)).toBe(204);
    expect(h.messageRows()[0]).toMatchObject({ status: "delivered" });
    expect(h.messageRows()[0]!.deliveredAt).not.toBeNull();
  });

  it("rejects a forged callback and treats a replayed one as a no-op", async () => {
    const { twilio, h } = await setUp({ callbacks: "manual" });
    await guestMessage(h);
    await h.runDueJobs();
    const [, sent, delivered] = twilio.takeCallbacks();
    const forged = { ...delivered!, params: { ...delivered!.params, MessageStatus: "failed", ErrorCode: "30007" } };
    expect(await twilio.deliverCallback(forged)).toBe(403);
    const unsigned = { ...delivered!, headers: { ...delivered!.headers, "X-Twilio-Signature": "" } };
    expect(await twilio.deliverCallback(unsigned)).toBe(403);
    expect(h.messageRows()[0]).toMatchObject({ status: "sent" });

    expect(await twilio.deliverCallback(sent!)).toBe(204);
    expect(await twilio.deliverCallback(delivered!)).toBe(204);
    const statusAudits = () => h.deps.db.select().from(auditEvents).where(eq(auditEvents.action, "message.status")).all().length;
    const before = statusAudits();
    expect(await twilio.deliverCallback(delivered!)).toBe(204);
    expect(statusAudits()).toBe(before);
    expect(h.messageRows()[0]).toMatchObject({ status: "delivered" });
  });

  it("marks the message failed on undelivered 30003 and alerts when no other channel carries it", async () => {
    const { twilio, h } = await setUp();
    twilio.outcomeFor(PHONE, { final: "undelivered", errorCode: 30003 });
    const stayId = await guestMessage(h);
    await h.runDueJobs();
    await twilio.idle();
    expect(h.messageRows()[0]).toMatchObject({ status: "failed", errorCode: "30003" });
    expect(h.deps.db.select().from(alerts).where(eq(alerts.subjectId, stayId)).get()).toMatchObject({ kind: "delivery_failed", severity: "warning" });
  });

  it("raises no alert for a failed SMS while the email to the same guest went out", async () => {
    const { twilio, smtp, h } = await setUp();
    twilio.outcomeFor(PHONE, { final: "failed", errorCode: 30005 });
    await guestMessage(h, { guestPhone: PHONE, guestEmail: EMAIL });
    await h.runDueJobs();
    await twilio.idle();
    expect(smtp.received).toHaveLength(1);
    expect(h.messageRows().map((r) => [r.channel, r.status])).toEqual([["sms", "failed"], ["email", "sent"]]);
    expect(h.deps.db.select().from(alerts).all()).toEqual([]);
  });

  it("refuses webhooks with 503 when no public URL is configured, rather than accept them unsigned", async () => {
    const { twilio, h } = await setUp({}, { publicUrl: false });
    const res = await twilio.sendInbound(`${h.baseUrl}/webhooks/twilio/inbound`, { From: PHONE, To: SENDER, Body: "STOP" });
    expect(res.status).toBe(503);
    expect(h.deps.db.select().from(smsOptOuts).all()).toEqual([]);
  });
});
