import { createHash } from "node:crypto";
import { and, asc, eq, isNotNull, isNull, lte, or, sql } from "drizzle-orm";
import { alerts, messages } from "../../db/schema";
import { enqueueDelivery, type MessageRow } from "../delivery/message-rows";
import { policyOf } from "./alert-policy";
import { insertAlertMessage } from "./alert-messages";
import { alertRecipients } from "./alert-recipients";
import { composeAlertDigest, composeAlertNotice } from "./compose-alert-message";
import { pendingNotice, type AlertRow, type PendingNotice } from "./pending-transition";
import type { ServiceDeps } from "../deps";

type Pending = { row: AlertRow; notice: PendingNotice };

export interface FlushResult {
  notices: number;
  digest: boolean;
  messages: number;
}

/**
 * The `alerts.digest` processor: sends every notice the account's alerts owe, gathered over the last window. A few
 * go out one message each; more than the threshold (an outage: 200 feeds at once) go out as ONE digest per recipient.
 * Exactly once per notice: the message rows and the "notified" marks are written in one transaction, and each row's
 * idempotency key names the notice, so a re-run finds nothing owed and a racing worker's insert is a no-op.
 */
export async function flushAlertNotices(deps: ServiceDeps, accountId: string): Promise<FlushResult> {
  const policy = policyOf(deps);
  const now = deps.clock.now();
  const { db } = deps;
  // better-sqlite3 transactions belong to the connection, so `db` inside the callback is inside the transaction.
  const result = db.transaction(() => {
    const pending = owedNotices(deps, accountId, now, policy.quietPeriodMs);
    if (pending.length === 0) return { rows: [] as MessageRow[], notices: 0, digest: false };
    const loud = pending.filter((p) => !isAboutAlertNotice(deps, p.row));
    const recipients = alertRecipients(deps, accountId);
    if (loud.length > 0 && recipients.length === 0) deps.logger.warn({ accountId, notices: loud.length }, "account has no alert recipients; notices recorded as sent to nobody");
    const rows: MessageRow[] = [];
    const keep = (row: MessageRow | null) => void (row && rows.push(row));
    const digest = loud.length > policy.digestThreshold;
    if (digest) {
      const batch = createHash("sha256").update(loud.map((p) => p.notice.key).join("\n")).digest("hex").slice(0, 24);
      for (const r of recipients) {
        const text = composeAlertDigest(loud.map((p) => ({ kind: p.notice.kind, alert: p.row })), r.channel);
        keep(insertAlertMessage(db, deps, { accountId, alertId: null, recipient: r, purpose: "alert_digest", text, idempotencyKey: `alert-digest:${accountId}:${batch}:${r.id}:${r.channel}`, now }));
      }
    } else {
      for (const p of loud) {
        for (const r of recipients) {
          const text = composeAlertNotice(p.notice.kind, p.row, r.channel);
          keep(insertAlertMessage(db, deps, { accountId, alertId: p.row.id, recipient: r, purpose: "alert", text, idempotencyKey: `${p.notice.key}:${r.id}:${r.channel}`, now }));
        }
      }
    }
    for (const p of pending) markNoticed(deps, p, now);
    return { rows, notices: pending.length, digest };
  });
  for (const row of result.rows) await enqueueDelivery(deps, row);
  return { notices: result.notices, digest: result.digest, messages: result.rows.length };
}

function owedNotices(deps: Pick<ServiceDeps, "db">, accountId: string, now: Date, quietPeriodMs: number): Pending[] {
  const quietSince = new Date(now.getTime() - quietPeriodMs);
  const rows = deps.db.select().from(alerts).where(and(
    eq(alerts.accountId, accountId),
    or(
      and(eq(alerts.status, "open"), or(
        isNull(alerts.notifiedAt),
        sql`${alerts.notifiedSeverity} is not ${alerts.severity}`,
        and(isNull(alerts.acknowledgedAt), lte(alerts.notifiedAt, quietSince)),
      )),
      and(eq(alerts.status, "resolved"), isNotNull(alerts.notifiedAt), isNull(alerts.resolutionNotifiedAt)),
    ),
  )).orderBy(asc(alerts.openedAt), asc(alerts.id)).all();
  return rows.flatMap((row) => {
    const notice = pendingNotice(row, now, quietPeriodMs);
    return notice ? [{ row, notice }] : [];
  });
}

/** A host notice that failed to deliver must not page the host about itself, or one bad number loops for ever. */
function isAboutAlertNotice(deps: Pick<ServiceDeps, "db">, row: AlertRow): boolean {
  if (row.kind !== "delivery_failed" || row.subjectType !== "message") return false;
  const msg = deps.db.select({ purpose: messages.purpose }).from(messages).where(eq(messages.id, row.subjectId)).get();
  return msg?.purpose.startsWith("alert") ?? false;
}

function markNoticed(deps: Pick<ServiceDeps, "db">, { row, notice }: Pending, now: Date): void {
  const set = notice.kind === "resolved" ? { resolutionNotifiedAt: now } : { notifiedAt: now, notifiedSeverity: row.severity };
  deps.db.update(alerts).set(set).where(eq(alerts.id, row.id)).run();
}
