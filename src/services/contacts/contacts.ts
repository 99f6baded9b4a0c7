import { eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import { listAccountPage } from "../../db/account-page";
import { equalFilters, type PageQuery } from "../../db/column-filters";
import type { ContactRow } from "../../db/rows";
import { contacts, propertyCleaners } from "../../db/schema";
import type { CoreDeps } from "../../deps";
import type { SecretBox } from "../../lib/crypto";
import { newId } from "../../lib/ids";
import { openContact, sealContactDetails } from "../contact-details/contact-details";
import { invalid } from "../errors";
import { findContact } from "../lookups";

type Role = ContactRow["role"];
type Deps = Pick<CoreDeps, "db" | "box" | "clock">;

/** A contact as callers show it: phone and email opened, with the properties a cleaner is assigned to. */
export type ContactView = ReturnType<typeof openContact<ContactRow>> & { propertyIds: string[] };

export interface ContactInput {
  role: Role;
  name: string;
  phone?: string | null;
  email?: string | null;
}

/** A cleaner or an alert recipient is of no use unless staykey can reach them. */
export const reachable = (c: { phone?: string | null; email?: string | null }) => Boolean(c.phone || c.email);
const unreachable = () => invalid("a contact must keep a phone or an email", [{ path: "phone", message: "give a phone or an email" }]);

/** Contacts with their assigned properties, read in one query for the whole page rather than one per contact. */
function withAssignments({ db, box }: { db: Db; box: SecretBox }, rows: ContactRow[]): ContactView[] {
  const assigned = rows.length ? db.select().from(propertyCleaners).where(inArray(propertyCleaners.contactId, rows.map((r) => r.id))).all() : [];
  return rows.map((row) => ({ ...openContact(box, row), propertyIds: assigned.filter((a) => a.contactId === row.id).map((a) => a.propertyId) }));
}

export function listContacts(deps: Pick<CoreDeps, "db" | "box">, accountId: string, q: PageQuery & { role?: Role }) {
  const p = listAccountPage(deps.db, contacts, accountId, equalFilters({ role: contacts.role }, q), q);
  return { data: withAssignments(deps, p.data), nextCursor: p.nextCursor };
}

export const readContact = (deps: Pick<CoreDeps, "db" | "box">, accountId: string, contactId: string): ContactView =>
  withAssignments(deps, [findContact(deps.db, accountId, contactId)])[0]!;

export function createContact(deps: Deps, accountId: string, { phone, email, ...input }: ContactInput): ContactView {
  if (!reachable({ phone, email })) throw unreachable();
  const now = deps.clock.now();
  const id = newId("ctc");
  deps.db.insert(contacts).values({ ...input, ...sealContactDetails(deps.box, id, { phone: phone ?? null, email: email ?? null }), id, accountId, createdAt: now, updatedAt: now }).run();
  return readContact(deps, accountId, id);
}

/** A patch is judged on the merged contact: it must stay reachable. A contact that stops being a cleaner leaves its properties. */
export function updateContact(deps: Deps, accountId: string, contactId: string, patch: Partial<ContactInput>): ContactView {
  const { db, box, clock } = deps;
  const existing = findContact(db, accountId, contactId);
  if (!reachable({ ...openContact(box, existing), ...patch })) throw unreachable();
  db.transaction(() => {
    const { phone, email, ...fields } = patch;
    db.update(contacts).set({ ...fields, ...sealContactDetails(box, existing.id, { phone, email }), updatedAt: clock.now() }).where(eq(contacts.id, existing.id)).run();
    // Only cleaners are assigned to properties; an alerts-only contact gets no turnover codes.
    if (patch.role === "alerts") db.delete(propertyCleaners).where(eq(propertyCleaners.contactId, existing.id)).run();
  });
  return readContact(deps, accountId, existing.id);
}

/** Property assignments cascade; codes already issued to this cleaner keep running to their end (contact_id is set null). */
export function deleteContact(db: Db, accountId: string, contactId: string): void {
  const existing = findContact(db, accountId, contactId);
  db.delete(contacts).where(eq(contacts.id, existing.id)).run();
}
