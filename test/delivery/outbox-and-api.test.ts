import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { auditEvents, properties } from "../../src/db/schema";
import { resendGuestCode, scheduleGuestCodeMessages } from "../../src/services/delivery";
import { deliveryHarness, type Harness } from "./harness";
import { recordOptOut } from "../../src/services/delivery/opt-out";

const CHECK_IN = new Date("2026-12-10T21:00:00Z");
const CHECK_OUT = new Date("2026-12-13T16:00:00Z");

let h: Harness;
beforeEach(async () => {
  // No Twilio, no SMTP: the embedded default.
  h = await deliveryHarness({ now: "2026-12-10T15:00:00Z" });
});
afterEach(() => h.close());

function guest() {
  const { propertyId, lockId } = h.seed.property({ locale: "de-DE", timezone: "Europe/Berlin" });
  const stayId = h.seed.stay(propertyId, { checkInAt: CHECK_IN, checkOutAt: CHECK_OUT, guestPhone: "+4915112345678", guestEmail: "gast@example.de" });
  const codeId = h.seed.code({ propertyId, lockId, stayId, pin: "583914", state: "active", validFrom: CHECK_IN, validTo: CHECK_OUT });
  return { propertyId, stayId, codeId };
}

describe("outbox default", () => {
  it("delivers SMS and email to the outbox when no provider is configured, rendered in the property's locale", async () => {
    const { stayId } = guest();
    await scheduleGuestCodeMessages(h.deps, stayId);
    await h.runDueJobs();
    const rows = h.messageRows();
    expect(rows.map((r) => [r.channel, r.provider, r.status])).toEqual([["sms", "outbox", "sent"], ["email", "outbox", "sent"]]);
    const body = h.bodyOf(rows[0]!);
    expect(body).toContain("583914");
    // 21:00Z is 22:00 in Berlin; German weekday and 24-hour clock.
    expect(body).toMatch(/Do\., 10\. Dez\., 22:00 MEZ/u);
  });
});

describe("a message's PIN in the API", () => {
  it("is masked in the message as stored and read, and shown only by ?reveal=pin, which the audit log records", async () => {
    const { stayId } = guest();
    await scheduleGuestCodeMessages(h.deps, stayId);
    await h.runDueJobs();
    const sms = h.messageRows().find((r) => r.channel === "sms")!;
    const pinViews = () => h.deps.db.select().from(auditEvents).where(eq(auditEvents.action, "message.pin_viewed")).all();

    const read = await h.api("GET", `/api/v1/messages/${sms.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ pinRevealed: false, status: "sent" });
    expect(read.body.body).toContain("Your door code is ••••••.");
    expect(JSON.stringify(read.body)).not.toContain("583914");
    expect(pinViews()).toEqual([]);

    const revealed = await h.api("GET", `/api/v1/messages/${sms.id}?reveal=pin`);
    expect(revealed.body).toMatchObject({ pinRevealed: true });
    expect(revealed.body.body).toBe(h.bodyOf(sms));
    expect(revealed.body.body).toContain("583914");
    expect(pinViews()).toEqual([expect.objectContaining({ subjectType: "message", subjectId: sms.id, actor: expect.stringMatching(/^api_key:/) })]);
    expect(JSON.stringify(pinViews())).not.toContain("583914");
  });
});

describe("message actions API", () => {
  it("previews the default and a host's edited template with sample data, flagging a template without the code", async () => {
    const { propertyId } = guest();
    const preview = await h.api("POST", `/api/v1/properties/${propertyId}/message-preview`, { template: "guest_code" });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ subject: "Your door code for Beach House", usedDefault: false, problems: [] });
    expect(preview.body.body).toContain("Your door code is 482193.");
    // Tomorrow (Dec 11) at the property's 16:00 check-in, Berlin time.
    expect(preview.body.body).toMatch(/Fr\., 11\. Dez\., 16:00 MEZ/u);

    const edited = await h.api("POST", `/api/v1/properties/${propertyId}/message-preview`, { template: "guest_code", text: "Hallo {{guest_name}}! Code {{code}}, WLAN {{wifi_name}}" });
    expect(edited.body.body).toBe("Hallo Alex! Code 482193, WLAN");
    const broken = await h.api("POST", `/api/v1/properties/${propertyId}/message-preview`, { template: "guest_code", text: "Welcome {{guest}}" });
    expect(broken.body).toMatchObject({ usedDefault: true, problems: ["unknown placeholder {{guest}}", "the template must contain {{code}}"] });
    expect(broken.body.body).toContain("Your door code is 482193.");
  });

  it("sends with the property's saved template", async () => {
    const { propertyId, stayId } = guest();
    h.deps.db.update(properties).set({ templates: { guest_code: "Code {{code}} ab {{valid_from}}" } }).where(eq(properties.id, propertyId)).run();
    await scheduleGuestCodeMessages(h.deps, stayId);
    await h.runDueJobs();
    expect(h.bodyOf(h.messageRows()[0]!)).toMatch(/^Code 583914 ab Do\., 10\. Dez\., 22:00 MEZ$/u);
  });

  it("resends a message as a new row once per Idempotency-Key, and refuses when the code is gone", async () => {
    const { stayId, codeId } = guest();
    await scheduleGuestCodeMessages(h.deps, stayId);
    await h.runDueJobs();
    const [sms] = h.messageRows();
    const first = await h.api("POST", `/api/v1/messages/${sms!.id}/resend`, undefined, { "idempotency-key": "resend-1" });
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({ channel: "sms", purpose: "guest_code", status: "queued", recipient: "+4•••••5678" });
    const again = await h.api("POST", `/api/v1/messages/${sms!.id}/resend`, undefined, { "idempotency-key": "resend-1" });
    expect(again.body.id).toBe(first.body.id);
    await h.runDueJobs();
    expect(h.messageRows().filter((r) => r.channel === "sms").map((r) => r.status)).toEqual(["sent", "sent"]);

    recordOptOut(h.deps, "+4915112345678");
    expect((await h.api("POST", `/api/v1/messages/${sms!.id}/resend`)).status).toBe(409);
    h.seed.setCodeState(codeId, "revoked");
    const [, email] = h.messageRows();
    const refused = await h.api("POST", `/api/v1/messages/${email!.id}/resend`);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toBe("no code confirmed on the lock for this stay");
    expect((await h.api("POST", "/api/v1/messages/msg_doesnotexist/resend")).status).toBe(404);
  });

  it("resends the stay's latest guest code for the dashboard's button, or schedules the first when none was written", async () => {
    const { stayId } = guest();
    await resendGuestCode(h.deps, h.accountId, stayId);
    expect(h.messageRows().map((r) => [r.channel, r.purpose, r.status])).toEqual([["sms", "guest_code", "queued"], ["email", "guest_code", "queued"]]);
    await h.runDueJobs();
    h.deps.clock.advance(60_000);
    await resendGuestCode(h.deps, h.accountId, stayId);
    await h.runDueJobs();
    expect(h.messageRows().map((r) => [r.channel, r.status])).toEqual([["sms", "sent"], ["email", "sent"], ["email", "sent"]]);
    await expect(resendGuestCode(h.deps, "acct_someone_else", stayId)).rejects.toMatchObject({ kind: "not_found" });
  });
});
