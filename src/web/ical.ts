import type { CleanerTurnover } from "./queries/cleaner-turnovers";

const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
// RFC 5545 §3.3.11 escaping, and §3.1 folding at 75 octets (approximated by characters; content is mostly ASCII).
const escapeText = (s: string) => s.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r?\n/g, "\\n");
const fold = (line: string) => line.match(/.{1,73}/g)?.join("\r\n ") ?? line;

/** A cleaner's schedule as an iCal feed their phone calendar can subscribe to. */
export function cleanerCalendar(turnovers: CleanerTurnover[], now: Date): string {
  const lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//staykey//cleaner schedule//EN", "CALSCALE:GREGORIAN", "X-WR-CALNAME:Cleaning schedule"];
  for (const t of turnovers) {
    const codes = t.codes.filter((c) => c.pin).map((c) => `${c.lockName}: ${c.pin}`);
    lines.push(
      "BEGIN:VEVENT",
      `UID:${t.id}@staykey`,
      `DTSTAMP:${stamp(now)}`,
      `DTSTART:${stamp(t.startsAt)}`,
      `DTEND:${stamp(t.endsAt)}`,
      fold(`SUMMARY:${escapeText(`Cleaning: ${t.propertyName}`)}`),
      ...(t.address ? [fold(`LOCATION:${escapeText(t.address)}`)] : []),
      ...(codes.length ? [fold(`DESCRIPTION:${escapeText(`Door code ${codes.join(", ")}`)}`)] : []),
      "END:VEVENT",
    );
  }
  lines.push("END:VCALENDAR");
  return `${lines.join("\r\n")}\r\n`;
}
