import type { AlertKind } from "../../domain/alerts";
import type { Channel } from "../../domain/messages";
import type { AlertRow, NoticeKind } from "./pending-transition";

export interface AlertMessageText {
  subject: string;
  body: string;
}

/** Texts stay short: a host reads them on a lock screen. Email carries the detail and the longer digest list. */
const SMS_MAX = 480;
const DIGEST_LINES: Record<Channel, number> = { sms: 3, email: 50 };

const KIND_LABEL: Record<AlertKind, string> = {
  feed_failing: "calendar not syncing",
  feed_stale: "calendar out of date",
  feed_suspect: "calendar looks wrong",
  code_failed: "code failed to program",
  lock_offline: "lock offline",
  battery_low: "battery low",
  battery_critical: "battery critical",
  delivery_failed: "message not delivered",
  unknown_code: "unknown code on a lock",
  check_in_not_ready: "check-in not ready",
  slots_exhausted: "lock full",
  stay_conflict: "overlapping stays",
  no_arrival: "guest not arrived",
  code_outside_window: "code used outside its dates",
  revoked_code_used: "removed code still opens the door",
  unknown_keypad_code: "unknown code opened the door",
  keypad_brute_force: "repeated wrong codes at the keypad",
  lock_tampered: "lock tampered with",
  guest_unreachable: "guest cannot be reached",
  webhook_failing: "webhook endpoint disabled",
};

const LEAD: Record<NoticeKind, string> = { opened: "", escalated: "Worse: ", reminder: "Still open: ", resolved: "Resolved: " };

const clip = (text: string, channel: Channel) => (channel === "sms" && text.length > SMS_MAX ? `${text.slice(0, SMS_MAX - 1)}…` : text);

/** One alert's notice. Alert titles and details never carry a PIN, phone number or feed URL (alert-store contract). */
export function composeAlertNotice(kind: NoticeKind, alert: Pick<AlertRow, "title" | "detail" | "kind">, channel: Channel): AlertMessageText {
  const headline = `${LEAD[kind]}${alert.title}`;
  const detail = kind === "resolved" ? "This has cleared; nothing more to do." : (alert.detail ?? "");
  const body = channel === "sms" ? `staykey: ${headline}${detail ? `. ${detail}` : ""}` : [headline, "", detail].join("\n").trim();
  return { subject: `staykey: ${headline}`, body: clip(body, channel) };
}

/** Many notices at once (an outage): one message that counts them by kind and lists the first few. */
export function composeAlertDigest(items: ReadonlyArray<{ kind: NoticeKind; alert: Pick<AlertRow, "title" | "kind"> }>, channel: Channel): AlertMessageText {
  const opened = items.filter((i) => i.kind !== "resolved");
  const resolved = items.length - opened.length;
  const byKind = new Map<string, number>();
  for (const i of opened) byKind.set(KIND_LABEL[i.alert.kind], (byKind.get(KIND_LABEL[i.alert.kind]) ?? 0) + 1);
  const counts = [...byKind].sort((a, b) => b[1] - a[1]).map(([label, n]) => `${n} ${label}`);
  if (resolved > 0) counts.push(`${resolved} resolved`);
  const summary = `${items.length} alert updates: ${counts.join(", ")}`;
  const shown = items.slice(0, DIGEST_LINES[channel]).map((i) => `- ${LEAD[i.kind]}${i.alert.title}`);
  const more = items.length - shown.length;
  const lines = [summary, ...shown, ...(more > 0 ? [`…and ${more} more: see Alerts in the dashboard.`] : [])];
  const body = channel === "sms" ? `staykey: ${lines.join("\n")}` : lines.join("\n");
  return { subject: `staykey: ${summary}`, body: clip(body, channel) };
}
