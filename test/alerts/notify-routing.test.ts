import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { alerts, contacts, users } from "../../src/db/schema";
import { raiseAlert } from "../../src/services/alerts/alert-store";
import { openUserEmail, sealContactDetails } from "../../src/services/contact-details/contact-details";
import { flushAlertNotices } from "../../src/services/alerts/flush-alert-notices";
import { notifyAlertChange } from "../../src/services/alerts/notify-alert-change";
import { alertWorld } from "./alert-world";

describe("who hears about an alert", () => {
  it("texts and emails a contact who gave both, once each, however often the digest job runs", async () => {
    const w = await alertWorld();
    const contact = w.db.select().from(contacts).where(eq(contacts.accountId, w.accountId)).get()!;
    w.db.update(contacts).set(sealContactDetails(w.deps.box, contact.id, { email: "host@example.com" })).where(eq(contacts.id, contact.id)).run();
    await notifyAlertChange(w.deps, raiseAlert(w.db, w.clock, { accountId: w.accountId, kind: "lock_offline", severity: "warning", subjectType: "lock", subjectId: "lock_x", dedupeKey: "lock_offline:lock_x", title: "Front door is offline" }));
    await w.settle();
    await flushAlertNotices(w.deps, w.accountId);
    const notices = w.notices();
    expect(notices.map((m) => m.channel).sort()).toEqual(["email", "sms"]);
    expect(notices.find((m) => m.channel === "email")!.subject).toBe("staykey: Front door is offline");
  });

  it("falls back to the owner's email when the account has no alert contact", async () => {
    const w = await alertWorld();
    w.db.delete(contacts).where(eq(contacts.accountId, w.accountId)).run();
    const owner = w.db.select().from(users).where(eq(users.accountId, w.accountId)).get()!;
    await notifyAlertChange(w.deps, raiseAlert(w.db, w.clock, { accountId: w.accountId, kind: "code_failed", severity: "warning", subjectType: "access_code", subjectId: "code_x", dedupeKey: "code_failed:code_x", title: "A code failed" }));
    await w.settle();
    expect(w.notices()).toMatchObject([{ channel: "email", recipient: openUserEmail(w.deps.box, owner), provider: "outbox" }]);
  });

  it("does not page the host about a host notice that failed to deliver (no loop)", async () => {
    const w = await alertWorld();
    const failedNotice = w.world.message(w.accountId, { recipient: "+14155550100", purpose: "alert", body: "x", status: "failed", idempotencyKey: "k1" }).id;
    const t1 = raiseAlert(w.db, w.clock, { accountId: w.accountId, kind: "delivery_failed", severity: "warning", subjectType: "message", subjectId: failedNotice, dedupeKey: `delivery_failed:${failedNotice}`, title: "The host could not be reached" });
    await notifyAlertChange(w.deps, t1);
    await w.settle();
    expect(w.notices().filter((m) => m.id !== failedNotice)).toHaveLength(0);
    expect(w.db.select().from(alerts).where(eq(alerts.id, t1.alertId)).get()!.notifiedAt).not.toBeNull();
  });
});
