import { DateTime } from "luxon";
import { formatLocal } from "./format-local";

/** "Front door", "Gate and Front door", "Gate, Lobby and Front door". */
export function doorList(names: string[]): string {
  if (names.length <= 1) return names[0] ?? "";
  return `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

export interface GrantMessageInput {
  kind: "window" | "recurring" | "always" | "limited_uses";
  personName: string;
  propertyName: string;
  doors: string[];
  pin: string;
  zone: string;
  locale: string;
  startsAt: Date;
  endsAt: Date | null;
  recurrence: { weekdays: number[]; startTime: string; endTime: string } | null;
  maxUses: number | null;
  /** An update after the window changed, rather than the first message. */
  update?: boolean;
}

/** ISO weekday numbers as the locale names them ("Tue, Thu"). */
function weekdayNames(weekdays: number[], locale: string): string {
  return weekdays.map((d) => DateTime.fromObject({ weekday: d as 1 | 2 | 3 | 4 | 5 | 6 | 7 }).setLocale(locale).toFormat("ccc")).join(", ");
}

/** When the code works, in the property's zone and locale. */
function whenText(m: GrantMessageInput): string {
  switch (m.kind) {
    case "always":
      return "It works until your host removes it.";
    case "recurring": {
      const r = m.recurrence!;
      const until = m.endsAt ? ` until ${DateTime.fromJSDate(new Date(m.endsAt.getTime() - 1), { zone: m.zone }).setLocale(m.locale).toLocaleString(DateTime.DATE_MED)}` : "";
      return `It works every ${weekdayNames(r.weekdays, m.locale)}, ${r.startTime}–${r.endTime} (${m.zone} time)${until}.`;
    }
    case "window":
    case "limited_uses": {
      const uses = m.kind === "limited_uses" ? ` for ${m.maxUses === 1 ? "one entry" : `${m.maxUses} entries`}` : "";
      return `It works from ${formatLocal(m.startsAt, m.zone, m.locale)} to ${formatLocal(m.endsAt!, m.zone, m.locale)}${uses}.`;
    }
  }
}

/**
 * The text a grant's person receives: the doors the code opens, the PIN, and when it works. `maskedBody` is the same
 * with the PIN hidden, for listings.
 */
export function composeGrantMessage(m: GrantMessageInput): { subject: string; body: string; maskedBody: string } {
  const doors = doorList(m.doors);
  const lead = m.update ? `Hi ${m.personName}, your access at ${m.propertyName} has changed.` : `Hi ${m.personName}, here is your access at ${m.propertyName}.`;
  const text = (pin: string) => `${lead} Your code for ${doors} is ${pin}. ${whenText(m)}`;
  return {
    subject: m.update ? `Your access at ${m.propertyName} has changed` : `Your access code for ${m.propertyName}`,
    body: text(m.pin),
    maskedBody: text("•".repeat(m.pin.length)),
  };
}
