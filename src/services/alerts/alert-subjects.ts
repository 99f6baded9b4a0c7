import type { Db } from "../../db/client";
import type { AlertRow, PropertyRow } from "../../db/rows";
import { lookups } from "../lookups";

/** What an alert is about, as the dashboard links it: the thing itself and the property it belongs to. */
export interface AlertSubject {
  /** The page of the thing (a stay's page, or its property's page at the feed's or lock's entry). */
  href: string;
  /** Its name: the calendar's or lock's name, the guest's name. */
  label: string;
  property: Pick<PropertyRow, "id" | "name" | "timezone" | "locale"> | null;
}

const feedLabel = (f: { name: string | null; source: string }) => f.name ?? (f.source === "generic" ? "calendar" : `${f.source[0]!.toUpperCase()}${f.source.slice(1)} calendar`);

/**
 * Each alert's subject, found by its id's prefix (`lock_…`) within the account; a subject deleted since is null, and
 * the alert is shown without a link.
 */
export function alertSubjects(db: Db, accountId: string, alerts: AlertRow[]): Map<string, AlertSubject | null> {
  const props = new Map<string, AlertSubject["property"]>();
  const property = (id: string | null | undefined) => {
    if (!id) return null;
    if (!props.has(id)) {
      const p = lookups.property.maybe(db, accountId, id);
      props.set(id, p ? { id: p.id, name: p.name, timezone: p.timezone, locale: p.locale } : null);
    }
    return props.get(id) ?? null;
  };
  const stayLink = (stayId: string, fallback: string): AlertSubject | null => {
    const s = lookups.stay.maybe(db, accountId, stayId);
    return s ? { href: `/dashboard/stays/${s.id}`, label: s.guestName ?? s.summary ?? fallback, property: property(s.propertyId) } : null;
  };
  const subjectOf = (a: AlertRow): AlertSubject | null => {
    const id = a.subjectId;
    const prefix = id.split("_")[0] ?? "";
    switch (prefix) {
      case "prop": {
        const p = property(id);
        return p ? { href: `/dashboard/properties/${p.id}`, label: p.name, property: p } : null;
      }
      case "feed": {
        const f = lookups.feed.maybe(db, accountId, id);
        return f ? { href: `/dashboard/properties/${f.propertyId}#feed-${f.id}`, label: feedLabel(f), property: property(f.propertyId) } : null;
      }
      case "lock": {
        const l = lookups.lock.maybe(db, accountId, id);
        return l ? { href: `/dashboard/properties/${l.propertyId}#lock-${l.id}`, label: l.name, property: property(l.propertyId) } : null;
      }
      case "stay":
        return stayLink(id, "stay");
      case "turn": {
        const t = lookups.turnover.maybe(db, accountId, id);
        return t ? { ...(stayLink(t.afterStayId, "stay") ?? { href: `/dashboard/properties/${t.propertyId}`, property: property(t.propertyId) }), label: "turnover" } : null;
      }
      case "code":
      case "msg": {
        const row = prefix === "code" ? lookups.accessCode.maybe(db, accountId, id) : lookups.message.maybe(db, accountId, id);
        if (!row) return null;
        const stayId = "assignedStayId" in row ? (row.assignedStayId ?? row.stayId) : row.stayId;
        if (stayId) return stayLink(stayId, "stay");
        const p = property(row.propertyId);
        return p ? { href: `/dashboard/properties/${p.id}`, label: p.name, property: p } : null;
      }
      case "whep":
        return lookups.webhookEndpoint.maybe(db, accountId, id) ? { href: `/dashboard/webhooks/${id}`, label: "webhook endpoint", property: null } : null;
      default:
        return null;
    }
  };
  return new Map(alerts.map((a) => [a.id, subjectOf(a)]));
}
