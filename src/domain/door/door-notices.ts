import { DateTime } from "luxon";

/** A time of day at the property, as the host reads it there ("16:42" or "4:42 PM", by the property's locale). */
export function localTimeOfDay(at: Date, zone: string, locale: string): string {
  return DateTime.fromJSDate(at, { zone }).setLocale(locale).toLocaleString(DateTime.TIME_SIMPLE);
}

export interface NoticeText {
  subject: string;
  body: string;
}

/** What the host reads when a guest's code first opens the door: "Maya Chen arrived at Seaside Cottage 16:42". */
export function arrivalNotice(o: { guestName: string | null; propertyName: string; at: Date; zone: string; locale: string }): NoticeText {
  const who = o.guestName?.trim() || "Your guest";
  const line = `${who} arrived at ${o.propertyName} ${localTimeOfDay(o.at, o.zone, o.locale)}`;
  return { subject: line, body: `${line}. staykey saw their door code open the lock.` };
}

/** What the guest reads once their code has opened the door. No PIN: they just used it. */
export function welcomeMessage(o: { guestName: string | null; propertyName: string; wifiName: string | null }): NoticeText {
  const first = o.guestName?.trim().split(/\s+/)[0];
  const hello = first ? `Welcome, ${first}!` : "Welcome!";
  const wifi = o.wifiName ? ` The Wi-Fi is ${o.wifiName}; the password is in your check-in message.` : "";
  return { subject: `Welcome to ${o.propertyName}`, body: `${hello} You're in at ${o.propertyName}. Enjoy your stay.${wifi}` };
}

/** What a cleaner reads when a guest leaves early and the turnover starts now. */
export function turnoverNowNotice(o: { propertyName: string; at: Date; zone: string; locale: string }): NoticeText {
  const time = localTimeOfDay(o.at, o.zone, o.locale);
  return {
    subject: `${o.propertyName}: the guest left early`,
    body: `The guest at ${o.propertyName} checked out early (${time}). The cleaning window starts now; your code works from now.`,
  };
}
