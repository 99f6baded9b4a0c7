import type { ContactRow, GrantRow, MessageRow, StayRow, UserInsert, UserRow } from "../../db/rows";
import type { SecretBox } from "../../lib/crypto";

/**
 * Guests' and cleaners' phone numbers and emails, and every user's sign-in email, are sealed at rest like PINs:
 * AES-256-GCM with the row id and the field as associated data, so a ciphertext copied onto another row or into
 * another field does not open. Where something finds a row by the value (sign-in, a STOP from a number) a keyed hash
 * of the normalised value is stored instead of the value. This file is the one place that seals, opens and hashes
 * them; everything else asks it.
 */
type Field = "stay.guest_phone" | "stay.guest_email" | "contact.phone" | "contact.email" | "user.email" | "message.recipient" | "grant.phone" | "grant.email" | "invite.recipient";

export const contactDetailAd = (field: Field, rowId: string) => `${field}:${rowId}`;

function seal(box: SecretBox, field: Field, rowId: string, value: string | null): string | null {
  return value === null ? null : box.encrypt(value, contactDetailAd(field, rowId));
}

function open(box: SecretBox, field: Field, rowId: string, sealed: string | null): string | null {
  return sealed === null ? null : box.decrypt(sealed, contactDetailAd(field, rowId));
}

/** A plaintext field of a row, the column holding it sealed, and the legacy column an earlier version kept it in. */
interface SealedField {
  field: Field;
  enc: string;
  legacy: string;
}
type Spec<K extends string> = Record<K, SealedField>;
type AnyRow = { id: string } & Record<string, unknown>;

function sealFields<K extends string>(box: SecretBox, rowId: string, spec: Spec<K>, values: Partial<Record<K, string | null>>): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const key of Object.keys(spec) as K[]) {
    const value = values[key];
    if (value !== undefined) out[spec[key].enc] = seal(box, spec[key].field, rowId, value);
  }
  return out;
}

function openFields<K extends string>(box: SecretBox, row: AnyRow, spec: Spec<K>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...row };
  for (const key of Object.keys(spec) as K[]) {
    delete out[spec[key].enc];
    delete out[spec[key].legacy];
    out[key] = open(box, spec[key].field, row.id, (row[spec[key].enc] as string | null | undefined) ?? null);
  }
  return out;
}

/** The start-up step's write for a row an earlier version left plaintext in: that plaintext sealed, the legacy columns emptied. */
function sealLegacyFields<K extends string>(box: SecretBox, row: AnyRow, spec: Spec<K>): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const { field, enc, legacy } of Object.values<SealedField>(spec)) {
    const plaintext = row[legacy] as string | null;
    if (plaintext !== null) out[enc] = seal(box, field, row.id, plaintext);
    out[legacy] = null;
  }
  return out;
}

// Stays: the guest's phone and email.

type SealedStayColumns = "guestPhoneEnc" | "guestEmailEnc" | "legacyGuestPhone" | "legacyGuestEmail";
export interface GuestContact {
  guestPhone: string | null;
  guestEmail: string | null;
}
const GUEST: Spec<keyof GuestContact> = {
  guestPhone: { field: "stay.guest_phone", enc: "guestPhoneEnc", legacy: "legacyGuestPhone" },
  guestEmail: { field: "stay.guest_email", enc: "guestEmailEnc", legacy: "legacyGuestEmail" },
};

/** The columns to write for the fields given: an absent field is left as it is, null clears it. */
export const sealGuestContact = (box: SecretBox, stayId: string, contact: Partial<GuestContact>) =>
  sealFields(box, stayId, GUEST, contact) as Partial<Pick<StayRow, "guestPhoneEnc" | "guestEmailEnc">>;

export type OpenStayRow = Omit<StayRow, SealedStayColumns> & GuestContact;

/** The stay as callers want it: its guest phone and email opened, the sealed and legacy columns gone. */
export const openStay = <T extends Pick<StayRow, "id" | "guestPhoneEnc" | "guestEmailEnc">>(box: SecretBox, stay: T) =>
  openFields(box, stay, GUEST) as Omit<T, SealedStayColumns> & GuestContact;

/** Only the guest's email, for the stays list (which shows it but not the phone): one decryption per row, not two. */
export const openGuestEmail = (box: SecretBox, stay: Pick<StayRow, "id" | "guestEmailEnc">) => open(box, GUEST.guestEmail.field, stay.id, stay.guestEmailEnc);

export const sealLegacyGuestContact = (box: SecretBox, stay: StayRow) => sealLegacyFields(box, stay, GUEST) as Partial<StayRow>;

/** Whether the stay has anyone to send a code to, without opening anything. */
export const hasGuestContact = (stay: Pick<StayRow, "guestPhoneEnc" | "guestEmailEnc">) => stay.guestPhoneEnc !== null || stay.guestEmailEnc !== null;

// Contacts: cleaners and alert recipients.

type SealedContactColumns = "phoneEnc" | "emailEnc" | "legacyPhone" | "legacyEmail";
export interface ContactDetails {
  phone: string | null;
  email: string | null;
}
const CONTACT: Spec<keyof ContactDetails> = {
  phone: { field: "contact.phone", enc: "phoneEnc", legacy: "legacyPhone" },
  email: { field: "contact.email", enc: "emailEnc", legacy: "legacyEmail" },
};

/** The columns to write for the fields given: an absent field is left as it is, null clears it. */
export const sealContactDetails = (box: SecretBox, contactId: string, details: Partial<ContactDetails>) =>
  sealFields(box, contactId, CONTACT, details) as Partial<Pick<ContactRow, "phoneEnc" | "emailEnc">>;

export const openContact = <T extends Pick<ContactRow, "id" | "phoneEnc" | "emailEnc">>(box: SecretBox, contact: T) =>
  openFields(box, contact, CONTACT) as Omit<T, SealedContactColumns> & ContactDetails;

export const sealLegacyContactDetails = (box: SecretBox, contact: ContactRow) => sealLegacyFields(box, contact, CONTACT) as Partial<ContactRow>;

// Access grants: the phone and email of a person who is not one of the account's contacts.

/** The columns to write for the fields given: an absent field is left as it is, null clears it. */
export function sealGrantContact(box: SecretBox, grantId: string, details: Partial<ContactDetails>): Partial<Pick<GrantRow, "phoneEnc" | "emailEnc">> {
  return {
    ...(details.phone !== undefined ? { phoneEnc: seal(box, "grant.phone", grantId, details.phone) } : {}),
    ...(details.email !== undefined ? { emailEnc: seal(box, "grant.email", grantId, details.email) } : {}),
  };
}

export const openGrantContact = (box: SecretBox, grant: Pick<GrantRow, "id" | "phoneEnc" | "emailEnc">): ContactDetails => ({
  phone: open(box, "grant.phone", grant.id, grant.phoneEnc),
  email: open(box, "grant.email", grant.id, grant.emailEnc),
});

// Users: the sign-in email, found by keyed hash.

const emailLookupKey = (email: string) => `email:${normalEmail(email)}`;

/** One spelling per address: `Ana@Example.com ` signs in as `ana@example.com`. */
export const normalEmail = (email: string) => email.trim().toLowerCase();

export function sealUserEmail(box: SecretBox, userId: string, email: string): Pick<UserInsert, "emailEnc" | "emailHash"> {
  return { emailEnc: seal(box, "user.email", userId, normalEmail(email)), emailHash: box.hash(emailLookupKey(email)) };
}

/** Every hash the address may be stored under (after a key rotation, the old key's too): match any of them. */
export const userEmailHashes = (box: SecretBox, email: string) => box.hashes(emailLookupKey(email));

export function openUserEmail(box: SecretBox, user: Pick<UserRow, "id" | "emailEnc">): string {
  const email = open(box, "user.email", user.id, user.emailEnc);
  // Sealed at creation, and by the start-up step for rows from before 0003: a user without one is a bug, not a state.
  if (email === null) throw new Error(`user ${user.id} has no sealed email`);
  return email;
}

// Messages: whom each one went to.

export const sealRecipient = (box: SecretBox, messageId: string, recipient: string) => seal(box, "message.recipient", messageId, recipient)!;

export function openRecipient(box: SecretBox, message: Pick<MessageRow, "id" | "recipientEnc">): string {
  const recipient = open(box, "message.recipient", message.id, message.recipientEnc);
  if (recipient === null) throw new Error(`message ${message.id} has no sealed recipient`);
  return recipient;
}

// Invites: the email or phone an invitation went to.

export const sealInviteRecipient = (box: SecretBox, inviteId: string, recipient: string) => seal(box, "invite.recipient", inviteId, recipient)!;
export const openInviteRecipient = (box: SecretBox, invite: { id: string; recipientEnc: string }) => open(box, "invite.recipient", invite.id, invite.recipientEnc)!;

// Phone numbers that replied STOP, kept only as keyed hashes.

/** Twilio sends E.164; a host may have typed spaces, dashes or brackets. */
const phoneLookupKey = (phone: string) => `phone:${phone.replace(/[\s().-]/g, "")}`;

export const phoneHash = (box: SecretBox, phone: string) => box.hash(phoneLookupKey(phone));
export const phoneHashes = (box: SecretBox, phone: string) => box.hashes(phoneLookupKey(phone));

/** A replayable API answer (Idempotency-Key) can quote a stay's or contact's phone and email: sealed to its account and key. */
export const storedResponseAd = (accountId: string, key: string) => `idempotency:${accountId}:${key}`;
