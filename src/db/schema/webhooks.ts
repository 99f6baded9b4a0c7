import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { WEBHOOK_DELIVERY_STATUSES, WEBHOOK_ENDPOINT_STATUSES, type WebhookAttempt } from "../../domain/webhooks";
import { accounts } from "./accounts";
import { createdAt, instant, json, updatedAt } from "./columns";

/** Where a host's integration receives events (outbound webhooks), and which events it wants. */
export const webhookEndpoints = sqliteTable(
  "webhook_endpoints",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    /** Sealed: integrators put tokens in query strings. The host (no path or query) is kept apart for logs and lists. */
    urlEnc: text("url_enc").notNull(),
    urlHost: text("url_host").notNull(),
    description: text("description"),
    eventTypes: json<string[]>("event_types").notNull(),
    /** The `whsec_` signing secret, sealed; shown once when created or rotated. */
    secretEnc: text("secret_enc").notNull(),
    /** After a rotation the old secret signs too (a second `v1,` entry) until this instant, so receivers can switch over. */
    previousSecretEnc: text("previous_secret_enc"),
    previousSecretUntil: instant("previous_secret_until"),
    status: text("status", { enum: WEBHOOK_ENDPOINT_STATUSES }).notNull().default("enabled"),
    disabledReason: text("disabled_reason"),
    /** The first failed attempt since the last success: an endpoint failing for long enough is disabled. */
    failingSince: instant("failing_since"),
    lastSuccessAt: instant("last_success_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("webhook_endpoints_account_idx").on(t.accountId, t.id)],
);

/** One event for one endpoint: its exact body (so every attempt sends the same bytes) and each attempt made. */
export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    /** Also the `webhook-id` header: the same on every attempt, so receivers can deduplicate. */
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    endpointId: text("endpoint_id").notNull().references(() => webhookEndpoints.id, { onDelete: "cascade" }),
    eventType: text("event_type").notNull(),
    /** What made the event (`stay_x:v3`): the same change published twice makes one delivery per endpoint. */
    eventKey: text("event_key").notNull(),
    /** The JSON body as sent: ids and states, never a PIN, a phone number or a feed URL. */
    body: text("body").notNull(),
    status: text("status", { enum: WEBHOOK_DELIVERY_STATUSES }).notNull().default("pending"),
    /** Bumped whenever a next attempt is scheduled (a retry, a redelivery): the job id carries it. */
    version: integer("version").notNull().default(1),
    nextAttemptAt: instant("next_attempt_at"),
    attempts: json<WebhookAttempt[]>("attempts").notNull().default([]),
    deliveredAt: instant("delivered_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("webhook_deliveries_event_unique").on(t.endpointId, t.eventKey),
    index("webhook_deliveries_account_idx").on(t.accountId, t.id),
    index("webhook_deliveries_due_idx").on(t.status, t.nextAttemptAt),
  ],
);
