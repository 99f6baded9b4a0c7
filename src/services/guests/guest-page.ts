import { and, eq, gt, ne } from "drizzle-orm";
import type { PropertyRow, StayRow } from "../../db/rows";
import { properties, stays } from "../../db/schema";
import { revealPhase, revealWindow } from "../../domain/guests/reveal-window";
import { recordAudit } from "../audit/record-audit";
import { confirmedGuestCodes } from "../delivery/confirmed-codes";
import { notFound } from "../errors";
import type { ServiceDeps } from "../deps";
import { linkTokenId, stayGuestToken, verifyLinkToken } from "./guest-links";
import { resolveGuestUnreachable } from "./guest-reach";
import type { GuestPageThrottle } from "./guest-throttle";

export const GUEST_ACTOR = "guest";

/** What the guest page shows of a stay. Never the phone or email on file, only which channels exist. */
export interface GuestStayView {
  token: string;
  property: Pick<PropertyRow, "name" | "address" | "timezone" | "checkInInstructions" | "wifiName" | "wifiPassword" | "houseNotes">;
  guestName: string | null;
  /** The arrival and departure the guest may use (an early check-in or a late checkout included). */
  arriveAt: Date;
  leaveAt: Date;
  code: { state: "shown"; pin: string; validFrom: Date; validTo: Date } | { state: "later"; at: Date } | { state: "pending" };
  reachableBy: { sms: boolean; email: boolean };
  locale: string | null;
}

export type GuestPage = { kind: "stay"; view: GuestStayView } | { kind: "over" };

/** Stays a guest can reach through the page: reservations and manual stays, not blocks, not another platform's echo. */
const guestFacing = (stay: StayRow) => stay.kind !== "block" && stay.echoOfStayId === null;

/**
 * The stay a `/g/<token>` link names, or not_found for a malformed, forged or unknown link (each counted against the
 * address, so the link space cannot be walked). The token carries the row's id and a MAC bound to its account, so the
 * row is read by id here, not through lookups: there is no account to scope by until the MAC is checked against it.
 */
export function stayOfGuestLink(deps: Pick<ServiceDeps, "db" | "box">, throttle: GuestPageThrottle, token: string, ip: string): StayRow {
  throttle.check([{ scope: "ip", ip }]);
  const id = linkTokenId(token);
  const stay = id ? deps.db.select().from(stays).where(eq(stays.id, id)).get() : undefined;
  if (!stay || !verifyLinkToken(deps.box, "stay", token, stay) || !guestFacing(stay)) {
    throttle.count([{ scope: "ip", ip }]);
    throw notFound("guest link");
  }
  return stay;
}

/**
 * The guest page for a stay. The first open is recorded (a guest who has the page can be reached), every view that
 * shows the door code is an audit event in the stay's timeline, and after checkout (or once cancelled) the page
 * shows nothing of the stay. A guest who opened the page is reachable: a `guest_unreachable` alert resolves.
 */
export async function openGuestPage(deps: Pick<ServiceDeps, "db" | "box" | "clock" | "jobs" | "logger" | "alertPolicy" | "events">, stay: StayRow): Promise<GuestPage> {
  const { db, box, clock } = deps;
  const now = clock.now();
  const property = db.select().from(properties).where(eq(properties.id, stay.propertyId)).get();
  if (!property) throw notFound("guest link");
  const window = revealWindow({ ...stay, revealLeadMinutes: property.codeRevealLeadMinutes });
  const phase = revealPhase(window, now);
  if (stay.status !== "confirmed" || phase === "over") return { kind: "over" };

  const codes = phase === "open" ? confirmedGuestCodes(db, box, stay.id) : null;
  db.transaction(() => {
    if (!stay.guestPageOpenedAt) {
      db.update(stays).set({ guestPageOpenedAt: now }).where(and(eq(stays.id, stay.id), eq(stays.version, stay.version))).run();
      recordAudit(db, clock, { accountId: stay.accountId, actor: GUEST_ACTOR, action: "guest.page_opened", subjectType: "stay", subjectId: stay.id });
    }
    if (codes) recordAudit(db, clock, { accountId: stay.accountId, actor: GUEST_ACTOR, action: "guest.code_viewed", subjectType: "stay", subjectId: stay.id, detail: { codeIds: codes.codeIds } });
  });
  if (!stay.guestPageOpenedAt) await resolveGuestUnreachable(deps, stay.id);
  const code: GuestStayView["code"] = codes
    ? { state: "shown", pin: codes.pin, validFrom: codes.validFrom, validTo: codes.validTo }
    : phase === "before" ? { state: "later", at: window.from } : { state: "pending" };
  return {
    kind: "stay",
    view: {
      token: stayGuestToken(box, stay),
      property,
      guestName: stay.guestName,
      arriveAt: stay.earlyCheckInAt ?? stay.checkInAt,
      leaveAt: stay.lateCheckOutAt ?? stay.checkOutAt,
      code,
      reachableBy: { sms: stay.guestPhoneEnc !== null, email: stay.guestEmailEnc !== null },
      locale: stay.guestLocale,
    },
  };
}

/** A stay at this property that has not ended, by its reservation code (any case), for identification. */
export function stayByReservationCode(deps: Pick<ServiceDeps, "db" | "clock">, property: PropertyRow, reservationCode: string): StayRow | undefined {
  const wanted = reservationCode.trim().toUpperCase();
  if (!wanted) return undefined;
  return deps.db.select().from(stays)
    .where(and(eq(stays.propertyId, property.id), eq(stays.status, "confirmed"), ne(stays.kind, "block"), gt(stays.checkOutAt, deps.clock.now())))
    .all()
    .find((s) => guestFacing(s) && s.reservationCode?.trim().toUpperCase() === wanted);
}
