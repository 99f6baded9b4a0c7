/**
 * One year of Airbnb-style bookings for listing `index`, deterministic (same bytes in every process): back-to-back
 * stays of 1-7 nights with short gaps, a few host blocks, each reservation with the folded reservation URL and
 * phone last 4 that Airbnb publishes. About 70 events, 25-30 KB, like a busy listing's real export.
 */
export function airbnbYearFeed(index: number, opts: { from: string; dtstamp?: string }): string {
  let seed = (index * 2654435761 + 1) >>> 0;
  const random = () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 0x100000000;
  };
  const dtstamp = opts.dtstamp ?? "20260101T000000Z";
  const lines = ["BEGIN:VCALENDAR", "PRODID:-//Airbnb Inc//Hosting Calendar 1.0//EN", "CALSCALE:GREGORIAN", "VERSION:2.0"];
  const start = Date.parse(`${opts.from}T00:00:00Z`);
  let day = Math.floor(random() * 3);
  let n = 0;
  while (day < 365) {
    const nights = 1 + Math.floor(random() * 7);
    const blocked = random() < 0.12;
    const uid = `${(index + 0x1000).toString(16)}-${hex(random)}@airbnb.com`;
    lines.push("BEGIN:VEVENT", `DTSTAMP:${dtstamp}`, `DTSTART;VALUE=DATE:${ymd(start, day)}`, `DTEND;VALUE=DATE:${ymd(start, day + nights)}`);
    if (blocked) {
      lines.push("SUMMARY:Airbnb (Not available)");
    } else {
      const code = `HM${(index * 1000 + n).toString(36).toUpperCase().padStart(8, "0").slice(-8)}`;
      const phone = String(Math.floor(random() * 10_000)).padStart(4, "0");
      lines.push("SUMMARY:Reserved", "DESCRIPTION:Reservation URL: https://www.airbnb.com/hosting/reservations/de", ` tails/${code}\\nPhone Number (Last 4 Digits): ${phone}`);
    }
    lines.push(`UID:${uid}`, "END:VEVENT");
    day += nights + Math.floor(random() * 3);
    n++;
  }
  lines.push("END:VCALENDAR", "");
  return lines.join("\r\n");
}

function ymd(startMs: number, day: number): string {
  return new Date(startMs + day * 86_400_000).toISOString().slice(0, 10).replaceAll("-", "");
}

function hex(random: () => number): string {
  let out = "";
  for (let i = 0; i < 4; i++) out += Math.floor(random() * 0x100000000).toString(16).padStart(8, "0");
  return out;
}
