import { and, eq, isNull, lte, or } from "drizzle-orm";
import { messages, properties, propertyCleaners } from "../../db/schema";
import { localDateOf, nextLocalHour } from "../../domain/calendar";
import { jobKeys } from "../../jobs/job-keys";
import { desiredJob, type ReconcileSource, type ReconcileSources } from "../../jobs/reconcile-source";

export const messagesToSend: ReconcileSource = ({ db, now, until }) =>
  db.select({ id: messages.id, sendAt: messages.sendAt }).from(messages)
    .where(and(eq(messages.status, "queued"), or(isNull(messages.sendAt), lte(messages.sendAt, until)))).all()
    .map((m) => desiredJob("messages.deliver", { messageId: m.id }, jobKeys.message(m), m.sendAt ?? now));

export const cleanerDigests: ReconcileSource = ({ db, now }) =>
  db.select({ propertyId: properties.id, timezone: properties.timezone, hour: properties.cleanerMessageHour, contactId: propertyCleaners.contactId })
    .from(propertyCleaners).innerJoin(properties, eq(properties.id, propertyCleaners.propertyId)).all().map((r) => {
      const at = nextLocalHour(now, r.timezone, r.hour);
      const key = jobKeys.daily(`${r.contactId}_${r.propertyId}`, localDateOf(at, r.timezone));
      return desiredJob("messages.cleaner-digest", { contactId: r.contactId, propertyId: r.propertyId }, key, at);
    });

/** The jobs delivery's records say should exist: every queued message, and each cleaner's daily digest. */
export const deliveryReconcileSources: ReconcileSources = {
  repairs: { messagesToSend },
  schedules: { cleanerDigests },
};
