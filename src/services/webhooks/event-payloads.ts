import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { accessCodes, alerts, lockEvents, messages, stays } from "../../db/schema";
import type { WebhookEvent } from "./publish-event";

/**
 * What each webhook event says, read from the row at the time it is published. Ids, states and times only: an
 * integrator fetches anything more through the API with its key, so a payload never holds a PIN, a guest's phone or
 * email, a message body or a feed URL (DESIGN invariant 7).
 */

/** created on a stay's first version, cancelled once it is cancelled, changed otherwise. Keyed on the version. */
export function stayEvent(db: Db, stayId: string): WebhookEvent | null {
  const s = db.select().from(stays).where(eq(stays.id, stayId)).get();
  if (!s) return null;
  const type = s.status === "cancelled" ? "stay.cancelled" : s.version === 1 ? "stay.created" : "stay.changed";
  return {
    accountId: s.accountId, type, key: `${s.id}:v${s.version}`,
    data: {
      id: s.id, propertyId: s.propertyId, feedId: s.feedId, kind: s.kind, status: s.status, checkInDate: s.checkInDate, checkOutDate: s.checkOutDate,
      checkInAt: s.checkInAt, checkOutAt: s.checkOutAt, reservationCode: s.reservationCode, version: s.version,
    },
  };
}

const CODE_EVENT = { active: "code.active", failed: "code.failed", revoked: "code.revoked" } as const;

/** A code that reached active, failed or revoked; any other state publishes nothing. */
export function codeEvent(db: Db, codeId: string): WebhookEvent | null {
  const c = db.select().from(accessCodes).where(eq(accessCodes.id, codeId)).get();
  if (!c || !(c.state in CODE_EVENT)) return null;
  return {
    accountId: c.accountId, type: CODE_EVENT[c.state as keyof typeof CODE_EVENT], key: `${c.id}:v${c.version}:${c.state}`,
    data: {
      id: c.id, lockId: c.lockId, propertyId: c.propertyId, purpose: c.purpose, stayId: c.stayId, turnoverId: c.turnoverId, grantId: c.grantId,
      state: c.state, validFrom: c.validFrom, validTo: c.validTo, error: c.state === "failed" ? c.lastError : null,
    },
  };
}

/** Delivered (a carrier's receipt, or sent for channels that give none) or failed; never the recipient or the body. */
export function messageEvent(db: Db, messageId: string): WebhookEvent | null {
  const m = db.select().from(messages).where(eq(messages.id, messageId)).get();
  if (!m) return null;
  const delivered = m.status === "delivered" || (m.status === "sent" && m.channel !== "sms");
  const failed = m.status === "failed" || m.status === "undelivered";
  if (!delivered && !failed) return null;
  return {
    accountId: m.accountId, type: delivered ? "message.delivered" : "message.failed", key: `${m.id}:${delivered ? "delivered" : "failed"}`,
    data: { id: m.id, channel: m.channel, purpose: m.purpose, status: m.status, propertyId: m.propertyId, stayId: m.stayId, errorCode: failed ? m.errorCode : null },
  };
}

export function alertEvent(db: Db, alertId: string): WebhookEvent | null {
  const a = db.select().from(alerts).where(eq(alerts.id, alertId)).get();
  if (!a) return null;
  const resolved = a.status === "resolved";
  return {
    accountId: a.accountId, type: resolved ? "alert.resolved" : "alert.opened", key: `${a.id}:${resolved ? "resolved" : "opened"}`,
    data: {
      id: a.id, kind: a.kind, severity: a.severity, status: a.status, subjectType: a.subjectType, subjectId: a.subjectId, title: a.title,
      openedAt: a.openedAt, resolvedAt: a.resolvedAt,
    },
  };
}

/** `lock.<kind>` for each access-log entry: who opened the door by which code, never the PIN. */
export function doorEvent(db: Db, lockEventId: string): WebhookEvent | null {
  const e = db.select().from(lockEvents).where(eq(lockEvents.id, lockEventId)).get();
  if (!e) return null;
  return {
    accountId: e.accountId, type: `lock.${e.kind}`, key: e.id,
    data: {
      id: e.id, lockId: e.lockId, propertyId: e.propertyId, kind: e.kind, method: e.method, actor: e.actor, accessCodeId: e.accessCodeId,
      stayId: e.stayId, turnoverId: e.turnoverId, occurredAt: e.occurredAt,
    },
  };
}
