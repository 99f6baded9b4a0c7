import { DateTime } from "luxon";
import { composeCleanerMessage, composeGuestMessage, type ComposedMessage, type PropertyForMessage } from "./compose";
import { templateProblems, type TemplateName } from "./templates";

/** Made-up values for a preview: never a real guest, never a real PIN. */
export const SAMPLE = { guestName: "Alex", cleanerName: "Sam", pin: "482193", guestLink: "https://staykey.example/g/stay_sample.0123456789abcdef0123456789abcdef" } as const;

export interface Preview extends Omit<ComposedMessage, "maskedBody"> {
  /** What is wrong with the template given (or the property's own); the default stands in while there are any. */
  problems: string[];
}

/**
 * Renders a template the way a real message would be, with sample data: check-in tomorrow and checkout three days
 * later at the property's own times, in its zone and locale. `template` previews an edit before it is saved.
 */
export function previewMessage(
  name: TemplateName,
  property: PropertyForMessage & { checkInTime: string; checkOutTime: string },
  now: Date,
  template?: string,
): Preview {
  const effective = template === undefined ? property : { ...property, templates: { ...property.templates, [name]: template } };
  const day = DateTime.fromJSDate(now, { zone: property.timezone }).plus({ days: 1 }).startOf("day");
  const at = (d: DateTime, hhmm: string) => d.set({ hour: Number(hhmm.slice(0, 2)), minute: Number(hhmm.slice(3, 5)) }).toJSDate();
  const from = at(day, property.checkInTime);
  const until = at(day.plus({ days: 3 }), property.checkOutTime);
  const custom = effective.templates[name];
  const problems = custom === undefined ? [] : templateProblems(name, custom);
  const composed = name === "cleaner_schedule"
    ? composeCleanerMessage("notice", effective, { name: SAMPLE.cleanerName }, { startsAt: until, endsAt: at(day.plus({ days: 3 }), property.checkInTime) }, SAMPLE.pin)
    : composeGuestMessage(name === "guest_code" ? "code" : "update", effective, { guestName: SAMPLE.guestName }, { pin: SAMPLE.pin, validFrom: from, validTo: until }, SAMPLE.guestLink);
  const { maskedBody: _sampleOnly, ...shown } = composed;
  return { ...shown, problems };
}
