import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import ical from "node-ical";
import { turnovers } from "../../src/db/schema";
import { scheduleCleanerNotice } from "../../src/services/delivery";
import { jobIdFor } from "../../src/jobs/job-ids";
import { jobKeys } from "../../src/jobs/job-keys";
import { SmtpPeer } from "../peers/smtp-peer";
import { TwilioEmulator } from "../peers/twilio-emulator";
import { deliveryHarness, type Harness } from "./harness";

const CLEANER_PHONE = "+14155550177";
// Turnover on Monday 2026-03-09, 11:00-16:00 EDT: the notice goes out Sunday 2026-03-08 18:00, the first evening
// after New York sprang forward (22:00Z, where the same wall time a day earlier was 23:00Z).
const STARTS = new Date("2026-03-09T15:00:00Z");
const ENDS = new Date("2026-03-09T20:00:00Z");

let twilio: TwilioEmulator;
let smtp: SmtpPeer;
let h: Harness;
beforeEach(async () => {
  twilio = await TwilioEmulator.start();
  smtp = await SmtpPeer.start();
  h = await deliveryHarness({ now: "2026-03-01T12:00:00Z", twilio, smtp });
});
afterEach(async () => {
  await twilio.close();
  await smtp.close();
  await h.close();
});

function turnoverWithCleaner(cleaner: { phone?: string; email?: string } = { phone: CLEANER_PHONE }, codeState: "active" | "programming" = "active") {
  const { propertyId, lockId } = h.seed.property();
  const stayId = h.seed.stay(propertyId, { checkInAt: new Date("2026-03-05T21:00:00Z"), checkOutAt: STARTS });
  const turnoverId = h.seed.turnover(propertyId, stayId, STARTS, ENDS);
  const contactId = h.seed.cleaner(propertyId, { name: "Robin", ...cleaner });
  h.seed.code({ propertyId, lockId, purpose: "cleaner", turnoverId, contactId, pin: "2468", state: codeState, validFrom: STARTS, validTo: ENDS });
  return { propertyId, lockId, stayId, turnoverId, contactId };
}

describe("cleaner notices", () => {
  it("texts the property, window and code at 18:00 property time the day before, DST-correct", async () => {
    const { turnoverId } = turnoverWithCleaner();
    await scheduleCleanerNotice(h.deps, turnoverId);
    expect(h.messageRows()[0]!.sendAt!.toISOString()).toBe("2026-03-08T22:00:00.000Z");

    h.deps.clock.set("2026-03-08T21:59:59Z");
    await h.runDueJobs();
    expect(twilio.sent()).toHaveLength(0);
    h.deps.clock.set("2026-03-08T22:00:00Z");
    await h.runDueJobs();
    const sent = twilio.sent();
    expect(sent.map((m) => m.to)).toEqual([CLEANER_PHONE]);
    expect(sent[0]!.body).toMatch(/^Hi Robin, cleaning at Beach House\nFrom Mon, Mar 9, 11:00\sAM EDT until Mon, Mar 9, 4:00\sPM EDT\.\nDoor code: 2468\nAddress: 1 Ocean Ave, Cape May$/u);
  });

  it("sends nothing while the cleaner code is not confirmed", async () => {
    const { turnoverId } = turnoverWithCleaner({ phone: CLEANER_PHONE }, "programming");
    expect((await scheduleCleanerNotice(h.deps, turnoverId)).messageIds).toEqual([]);
    expect(h.messageRows()).toEqual([]);
  });

  it("sends one update when the turnover moves after the notice, and a cancellation when it is cancelled", async () => {
    const { turnoverId } = turnoverWithCleaner();
    h.deps.clock.set("2026-03-08T22:00:00Z");
    await scheduleCleanerNotice(h.deps, turnoverId);
    await h.runDueJobs();
    const later = new Date("2026-03-09T16:00:00Z");
    h.deps.db.update(turnovers).set({ startsAt: later, version: 2 }).where(eq(turnovers.id, turnoverId)).run();
    await scheduleCleanerNotice(h.deps, turnoverId);
    await scheduleCleanerNotice(h.deps, turnoverId);
    await h.runDueJobs();
    h.deps.db.update(turnovers).set({ status: "cancelled", version: 3 }).where(eq(turnovers.id, turnoverId)).run();
    await scheduleCleanerNotice(h.deps, turnoverId);
    await h.runDueJobs();
    const bodies = twilio.sent().map((m) => m.body);
    expect(bodies).toHaveLength(3);
    expect(bodies[1]).toMatch(/^CHANGED: Hi Robin.*\nFrom Mon, Mar 9, 12:00\sPM EDT/su);
    expect(bodies[2]).toMatch(/^CANCELLED: the cleaning at Beach House on Mon, Mar 9, 12:00\sPM EDT is cancelled\./u);
    expect(bodies[2]).not.toContain("2468");
  });

  it("the daily digest job at the cleaner hour announces tomorrow's turnover nobody scheduled, by email for a cleaner without a phone", async () => {
    const { propertyId, contactId } = turnoverWithCleaner({ email: "robin@example.com" });
    h.deps.clock.set("2026-03-08T22:00:00Z");
    const jobId = jobIdFor("messages.cleaner-digest", jobKeys.daily(`${contactId}_${propertyId}`, "2026-03-08"));
    await h.deps.jobs.enqueue("messages.cleaner-digest", { contactId, propertyId }, { jobId, runAt: h.deps.clock.now() });
    expect(await h.runDueJobs()).toEqual([]);
    await h.runDueJobs();
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]).toMatchObject({ to: ["robin@example.com"], subject: "Cleaning at Beach House" });
    expect(smtp.received[0]!.text).toContain("Door code: 2468");
    // Running the digest again (a retried or duplicated job) sends nothing more.
    await h.deps.jobs.enqueue("messages.cleaner-digest", { contactId, propertyId }, { runAt: h.deps.clock.now() });
    await h.runDueJobs();
    await h.runDueJobs();
    expect(smtp.received).toHaveLength(1);
  });
});

describe("cleaner iCal feed", () => {
  it("lists only that cleaner's upcoming turnovers, without PINs, and stops working when revoked or rotated", async () => {
    const mine = turnoverWithCleaner();
    const other = turnoverWithCleaner({ phone: "+14155550188" });
    const cancelledId = h.seed.turnover(mine.propertyId, h.seed.stay(mine.propertyId, { checkInAt: new Date("2026-03-12T20:00:00Z"), checkOutAt: new Date("2026-03-15T15:00:00Z") }), new Date("2026-03-15T15:00:00Z"), new Date("2026-03-15T20:00:00Z"));
    h.deps.db.update(turnovers).set({ status: "cancelled" }).where(eq(turnovers.id, cancelledId)).run();

    const issued = await h.api("POST", `/api/v1/contacts/${mine.contactId}/ical-token`);
    expect(issued.status).toBe(201);
    expect(issued.body.url).toBe(`${h.baseUrl}/ical/cleaner/${issued.body.token}.ics`);
    const res = await fetch(issued.body.url);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    const text = await res.text();
    expect(text.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")).toBe(true);
    expect(text).not.toContain("2468");
    const events = Object.values(ical.sync.parseICS(text)).filter((c) => c?.type === "VEVENT") as ical.VEvent[];
    expect(events.map((e) => [e.uid, e.summary, e.location, (e.start as Date).toISOString(), (e.end as Date).toISOString()])).toEqual([
      [`${mine.turnoverId}@staykey`, "Cleaning: Beach House", "1 Ocean Ave, Cape May", STARTS.toISOString(), ENDS.toISOString()],
    ]);
    expect(text).not.toContain(other.turnoverId);

    const rotated = await h.api("POST", `/api/v1/contacts/${mine.contactId}/ical-token`);
    expect((await fetch(issued.body.url)).status).toBe(404);
    expect((await fetch(rotated.body.url)).status).toBe(200);
    expect((await h.api("DELETE", `/api/v1/contacts/${mine.contactId}/ical-token`)).status).toBe(204);
    expect((await fetch(rotated.body.url)).status).toBe(404);
    expect((await fetch(`${h.baseUrl}/ical/cleaner/not-a-token.ics`)).status).toBe(404);
  });
});
