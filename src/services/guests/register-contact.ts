import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { StayRow } from "../../db/rows";
import { guestRegistrations, stays } from "../../db/schema";
import { guestText } from "../../domain/guests/guest-catalogue";
import type { GuestLanguage } from "../../domain/guests/guest-languages";
import { matchesLast4, normalGuestPhone } from "../../domain/guests/guest-phone";
import { revealPhase, revealWindow } from "../../domain/guests/reveal-window";
import type { Channel } from "../../domain/messages";
import { newId } from "../../lib/ids";
import { recordAudit } from "../audit/record-audit";
import { openStay, sealGuestContact, type GuestContact } from "../contact-details/contact-details";
import { sendGuestWelcomeNow } from "../delivery/welcome-now";
import { conflict, invalid, type FieldProblem } from "../errors";
import type { ServiceDeps } from "../deps";
import { findProperty } from "../lookups";
import { GUEST_ACTOR } from "./guest-page";
import type { GuestPageThrottle } from "./guest-throttle";

export interface GuestContactInput {
  phone?: string;
  email?: string;
  smsConsent: boolean;
  lang: GuestLanguage;
  ip: string;
}

const emailShape = z.email().max(254);

export const guestRegistrationIpAd = (registrationId: string) => `guest_registration.ip:${registrationId}`;

/**
 * A guest leaves a mobile number and/or an email on the guest page. From then on the stay's messages go there as if
 * the host had typed them (sealed on the stay like a host-typed contact, the feed's last 4 kept), and what they left is
 * recorded with the SMS consent, the time and the address (sealed). A number needs the consent box ticked and, when
 * the feed carries the booking phone's last 4 digits, must end in them. When the page already shows the code, the
 * welcome goes out now rather than at the property's message lead. Counted per stay (a stolen link cannot text
 * number after number); refusals come in the guest's language.
 */
export async function registerGuestContact(deps: ServiceDeps, throttle: GuestPageThrottle, stay: StayRow, input: GuestContactInput): Promise<{ channels: Channel[] }> {
  const { db, box, clock } = deps;
  const { lang } = input;
  if (stay.status !== "confirmed" || stay.checkOutAt.getTime() <= clock.now().getTime()) throw conflict(guestText(lang, "ended"));
  const given = read(input, stay);
  throttle.check([{ scope: "stay", contactOf: stay.id }]);

  const told = openStay(box, stay);
  const contact: Partial<GuestContact> = {};
  if (given.phone && given.phone !== told.guestPhone) contact.guestPhone = given.phone;
  if (given.email && given.email !== told.guestEmail) contact.guestEmail = given.email;
  const channels: Channel[] = [...(contact.guestPhone ? ["sms" as const] : []), ...(contact.guestEmail ? ["email" as const] : [])];
  if (channels.length === 0) return { channels };
  throttle.count([{ scope: "stay", contactOf: stay.id }]);

  const now = clock.now();
  const registrationId = newId("evt");
  db.transaction(() => {
    const res = db.update(stays)
      .set({ ...sealGuestContact(box, stay.id, contact), guestContactSource: "guest", guestLocale: lang, guestPageOpenedAt: stay.guestPageOpenedAt ?? now, version: stay.version + 1, updatedAt: now })
      .where(and(eq(stays.id, stay.id), eq(stays.version, stay.version)))
      .run();
    if (res.changes === 0) throw conflict("this stay changed meanwhile; reload the page and try again");
    db.insert(guestRegistrations).values({
      id: registrationId, accountId: stay.accountId, stayId: stay.id, at: now, gavePhone: Boolean(contact.guestPhone), gaveEmail: Boolean(contact.guestEmail),
      smsConsent: Boolean(contact.guestPhone) && input.smsConsent, locale: lang, ipEnc: box.encrypt(input.ip, guestRegistrationIpAd(registrationId)),
    }).run();
    recordAudit(db, clock, {
      accountId: stay.accountId, actor: GUEST_ACTOR, action: "guest.contact_changed", subjectType: "stay", subjectId: stay.id,
      detail: { fields: Object.keys(contact).sort(), smsConsent: Boolean(contact.guestPhone) && input.smsConsent, registrationId },
    });
  });
  await deps.events.emit({ type: "stay.changed", stayId: stay.id });

  const property = findProperty(db, stay.accountId, stay.propertyId);
  if (revealPhase(revealWindow({ ...stay, revealLeadMinutes: property.codeRevealLeadMinutes }), now) === "open") {
    await sendGuestWelcomeNow(deps, stay.id, { channels, requestKey: `guest-contact-${registrationId}` });
  }
  return { channels };
}

function read(input: GuestContactInput, stay: StayRow): { phone: string | null; email: string | null } {
  const { lang } = input;
  const problems: FieldProblem[] = [];
  const rawPhone = input.phone?.trim() ?? "";
  const rawEmail = input.email?.trim() ?? "";
  if (!rawPhone && !rawEmail) problems.push({ path: "phone", message: guestText(lang, "err_empty") });
  let phone: string | null = null;
  if (rawPhone) {
    phone = normalGuestPhone(rawPhone);
    if (!phone) problems.push({ path: "phone", message: guestText(lang, "err_phone_invalid") });
    else if (stay.guestPhoneLast4 && !matchesLast4(phone, stay.guestPhoneLast4)) problems.push({ path: "phone", message: guestText(lang, "err_phone_last4") });
    else if (!input.smsConsent) problems.push({ path: "smsConsent", message: guestText(lang, "err_consent") });
  }
  let email: string | null = null;
  if (rawEmail) {
    const parsed = emailShape.safeParse(rawEmail);
    if (parsed.success) email = parsed.data;
    else problems.push({ path: "email", message: guestText(lang, "err_email_invalid") });
  }
  if (problems.length > 0) throw invalid(problems[0]!.message, problems);
  return { phone, email };
}
