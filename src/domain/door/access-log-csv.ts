import { DateTime } from "luxon";

/** One access-log line as the CSV export writes it. */
export interface AccessLogLine {
  occurredAt: Date;
  timezone: string;
  propertyName: string;
  lockName: string;
  kind: string;
  method: string;
  actor: string | null;
  who: string | null;
  stayId: string | null;
  accessCodeId: string | null;
  id: string;
}

const HEADER = ["local_time", "time_zone", "utc_time", "property", "lock", "event", "method", "whose_code", "who", "stay_id", "access_code_id", "event_id"];

/** RFC 4180 quoting, and a leading =, +, - or @ defused so a spreadsheet never runs a guest's name as a formula. */
function cell(value: string | null): string {
  const text = value ?? "";
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The access log as CSV, each time in its property's zone (and in UTC), never a PIN: there is none to write. */
export function accessLogCsv(lines: readonly AccessLogLine[]): string {
  const rows = lines.map((l) => [
    DateTime.fromJSDate(l.occurredAt, { zone: l.timezone }).toFormat("yyyy-LL-dd HH:mm:ss"), l.timezone, l.occurredAt.toISOString(),
    l.propertyName, l.lockName, l.kind, l.method, l.actor, l.who, l.stayId, l.accessCodeId, l.id,
  ].map(cell).join(","));
  return [HEADER.join(","), ...rows].join("\r\n") + "\r\n";
}
