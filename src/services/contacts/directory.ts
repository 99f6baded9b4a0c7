import { and, desc, eq, inArray, isNull, like, ne, or, sql } from "drizzle-orm";
import { contacts, properties, propertyCleaners, stays } from "../../db/schema";
import type { CoreDeps } from "../../deps";
import { retireContactCodes } from "../access/retire-contact-codes";
import { openStay } from "../contact-details/contact-details";
import type { ServiceDeps } from "../deps";
import { notFound } from "../errors";
import { findContact, findProperty } from "../lookups";
import type { Actor } from "../team/scope";
import { readContact, type ContactView } from "./contacts";

/** How many guests the directory lists: the most recent stays first; a search finds older ones. */
const GUEST_LIMIT = 100;

export interface GuestEntry {
  stayId: string;
  name: string;
  phone: string | null;
  email: string | null;
  propertyId: string;
  propertyName: string;
  timezone: string;
  locale: string;
  checkInAt: Date;
  checkOutAt: Date;
  status: "confirmed" | "cancelled";
  reservationCode: string | null;
}

const matches = (search: string, ...values: Array<string | null | undefined>) => values.some((v) => v?.toLowerCase().includes(search));

/**
 * The people a host deals with, for the dashboard's Contacts page: the account's contacts (cleaners and alert
 * recipients, with the properties each cleaner is assigned to) and the guests of its stays, newest first. A member
 * limited to some properties sees only the cleaners of those properties and their guests. `search` matches a name,
 * a phone or an email (opened here: they are sealed at rest, so they cannot be searched in SQL).
 */
export function contactDirectory(deps: Pick<CoreDeps, "db" | "box">, actor: Pick<Actor, "accountId" | "propertyIds">, search = ""): { people: ContactView[]; guests: GuestEntry[] } {
  const { db, box } = deps;
  const q = search.trim().toLowerCase();
  const ids = db.select({ id: contacts.id }).from(contacts).where(eq(contacts.accountId, actor.accountId)).orderBy(contacts.name).all();
  const people = ids.map((r) => readContact(deps, actor.accountId, r.id))
    .filter((c) => actor.propertyIds === null || c.propertyIds.some((p) => actor.propertyIds!.includes(p)))
    .filter((c) => !q || matches(q, c.name, c.phone, c.email));
  const scope = actor.propertyIds === null ? [] : [inArray(stays.propertyId, actor.propertyIds.length ? actor.propertyIds : [""])];
  const rows = db
    .select({ stay: stays, propertyName: properties.name, timezone: properties.timezone, locale: properties.locale })
    .from(stays)
    .innerJoin(properties, eq(properties.id, stays.propertyId))
    .where(and(
      eq(stays.accountId, actor.accountId), ne(stays.kind, "block"), isNull(stays.echoOfStayId), ...scope,
      or(sql`${stays.guestName} is not null`, sql`${stays.guestPhoneEnc} is not null`, sql`${stays.guestEmailEnc} is not null`),
      // A name or reservation code narrows in SQL; a phone or email can only be matched once opened, below.
      q && !/[@+\d]/.test(q) ? or(like(stays.guestName, `%${q}%`), like(stays.reservationCode, `%${q}%`)) : undefined,
    ))
    .orderBy(desc(stays.checkInAt))
    .limit(q ? GUEST_LIMIT * 10 : GUEST_LIMIT)
    .all();
  const guests = rows.map(({ stay, propertyName, timezone, locale }) => {
    const open = openStay(box, stay);
    return {
      stayId: stay.id, name: stay.guestName ?? "Guest", phone: open.guestPhone ?? null, email: open.guestEmail ?? null, propertyId: stay.propertyId,
      propertyName, timezone, locale, checkInAt: stay.checkInAt, checkOutAt: stay.checkOutAt, status: stay.status, reservationCode: stay.reservationCode,
    };
  }).filter((g) => !q || matches(q, g.name, g.phone, g.email, g.reservationCode)).slice(0, GUEST_LIMIT);
  return { people, guests };
}

/** A contact the actor may open: any of the account's, or for a member limited to some properties, a cleaner of theirs. */
export function reachableContact(deps: Pick<CoreDeps, "db" | "box">, actor: Pick<Actor, "accountId" | "propertyIds">, contactId: string): ContactView {
  const contact = readContact(deps, actor.accountId, contactId);
  if (actor.propertyIds !== null && !contact.propertyIds.some((p) => actor.propertyIds!.includes(p))) throw notFound(`contact ${contactId}`);
  return contact;
}

/**
 * Sets the properties a cleaner cleans, from the contact's side (the property's side is setPropertyCleaners). A property
 * taken away takes the cleaner's codes there with it (removed from the lock now), as when a cleaner leaves the team.
 * A member limited to some properties changes only those; the cleaner's other assignments stay as they are.
 */
export async function setCleanerProperties(deps: ServiceDeps, actor: Pick<Actor, "accountId" | "propertyIds">, contactId: string, wanted: string[]): Promise<ContactView> {
  const { db } = deps;
  const contact = findContact(db, actor.accountId, contactId);
  const mine = (p: string) => actor.propertyIds === null || actor.propertyIds.includes(p);
  const owned = new Set(db.select({ id: properties.id }).from(properties).where(eq(properties.accountId, actor.accountId)).all().map((r) => r.id));
  const unknown = wanted.find((p) => !owned.has(p) || !mine(p));
  if (unknown) throw notFound(`property ${unknown}`);
  if (contact.role !== "cleaner" && wanted.length > 0) throw notFound(`cleaner ${contactId}`);
  const current = db.select().from(propertyCleaners).where(eq(propertyCleaners.contactId, contact.id)).all().map((r) => r.propertyId);
  const removed = current.filter((p) => mine(p) && !wanted.includes(p));
  const added = wanted.filter((p) => !current.includes(p));
  const follow = db.transaction(() => {
    for (const propertyId of added) db.insert(propertyCleaners).values({ propertyId, contactId: contact.id }).onConflictDoNothing().run();
    return retireContactCodes(deps, actor.accountId, contact.id, removed);
  });
  await follow.run(deps);
  return readContact(deps, actor.accountId, contact.id);
}

/** The properties the actor may assign a cleaner to, by name. */
export function propertyChoices(db: CoreDeps["db"], actor: Pick<Actor, "accountId" | "propertyIds">): Array<{ id: string; name: string }> {
  return db.select({ id: properties.id, name: properties.name }).from(properties).where(eq(properties.accountId, actor.accountId)).orderBy(properties.name).all()
    .filter((p) => actor.propertyIds === null || actor.propertyIds.includes(p.id));
}

/** The account's cleaners, and which of them clean this property: the property page's "Cleaners" form. */
export function propertyCleanerChoices(deps: Pick<CoreDeps, "db" | "box">, accountId: string, propertyId: string): Array<{ id: string; name: string; assigned: boolean }> {
  const assigned = new Set(deps.db.select().from(propertyCleaners).where(eq(propertyCleaners.propertyId, propertyId)).all().map((r) => r.contactId));
  return deps.db.select({ id: contacts.id, name: contacts.name }).from(contacts).where(and(eq(contacts.accountId, accountId), eq(contacts.role, "cleaner"))).orderBy(contacts.name).all()
    .map((c) => ({ ...c, assigned: assigned.has(c.id) }));
}

/**
 * Sets who cleans a property, from the property's side: a cleaner taken off loses their codes there (removed from the
 * lock now), as setCleanerProperties does from the cleaner's side. Each must be one of the account's cleaners.
 */
export async function setPropertyCleaners(deps: ServiceDeps, accountId: string, propertyId: string, contactIds: string[]): Promise<void> {
  findProperty(deps.db, accountId, propertyId);
  const choices = propertyCleanerChoices(deps, accountId, propertyId);
  const unknown = contactIds.find((id) => !choices.some((c) => c.id === id));
  if (unknown) throw notFound(`cleaner ${unknown}`);
  const follows = deps.db.transaction(() => {
    for (const id of contactIds) deps.db.insert(propertyCleaners).values({ propertyId, contactId: id }).onConflictDoNothing().run();
    return choices.filter((c) => c.assigned && !contactIds.includes(c.id)).map((c) => retireContactCodes(deps, accountId, c.id, [propertyId]));
  });
  for (const follow of follows) await follow.run(deps);
}
