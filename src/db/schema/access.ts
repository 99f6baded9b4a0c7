import { sql } from "drizzle-orm";
import { CODE_PURPOSES, CODE_STATES } from "../../domain/access/code-states";
import { ALERT_KINDS, ALERT_SEVERITIES, ALERT_STATUSES } from "../../domain/alerts/alert-kinds";
import { MESSAGE_CHANNELS } from "../../domain/messages/channels";
import { MESSAGE_STATUSES } from "../../domain/messages/status-order";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { accounts } from "./accounts";
import { stays, turnovers } from "./calendar";
import { createdAt, flag, instant, json, updatedAt } from "./columns";
import { contacts, locks, properties } from "./properties";

// The domain owns these values; re-exported for code that reads them beside the tables.
export { CODE_STATES, type CodeState } from "../../domain/access/code-states";
export { ALERT_KINDS, type AlertKind } from "../../domain/alerts/alert-kinds";

export const accessCodes = sqliteTable(
  "access_codes",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    propertyId: text("property_id").notNull().references(() => properties.id, { onDelete: "cascade" }),
    lockId: text("lock_id").notNull().references(() => locks.id, { onDelete: "cascade" }),
    purpose: text("purpose", { enum: CODE_PURPOSES }).notNull(),
    stayId: text("stay_id").references(() => stays.id, { onDelete: "set null" }),
    turnoverId: text("turnover_id").references(() => turnovers.id, { onDelete: "set null" }),
    contactId: text("contact_id").references(() => contacts.id, { onDelete: "set null" }),
    /** The manual access grant this code serves (purpose `grant`): one code per lock per window of the grant. */
    grantId: text("grant_id"),
    /** Set on the lock as a one-time code (Seam `is_one_time_use`): the lock itself spends it on the first unlock. */
    oneTimeUse: flag("one_time_use").notNull().default(false),
    /** A backup code handed to this stay after its own code failed to program. */
    assignedStayId: text("assigned_stay_id"),
    /** AES-256-GCM, bound to the code id as associated data. */
    pinEnc: text("pin_enc").notNull(),
    /** Keyed hash of lock id + PIN: uniqueness per lock without decrypting. */
    pinHash: text("pin_hash").notNull(),
    /** Keyed hash of lock id + first four digits, for locks that demand unique first four digits. */
    pinPrefixHash: text("pin_prefix_hash"),
    pinLength: integer("pin_length").notNull(),
    validFrom: instant("valid_from").notNull(),
    validTo: instant("valid_to").notNull(),
    state: text("state", { enum: CODE_STATES }).notNull().default("planned"),
    providerCodeId: text("provider_code_id"),
    slot: integer("slot"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    programAt: instant("program_at"),
    confirmedAt: instant("confirmed_at"),
    revokedAt: instant("revoked_at"),
    version: integer("version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("access_codes_account_idx").on(t.accountId, t.id),
    index("access_codes_lock_pin_idx").on(t.lockId, t.pinHash),
    index("access_codes_stay_idx").on(t.stayId),
    index("access_codes_turnover_idx").on(t.turnoverId),
    index("access_codes_assigned_stay_idx").on(t.assignedStayId),
    index("access_codes_grant_idx").on(t.grantId),
    index("access_codes_cleaner_idx").on(t.propertyId, t.contactId),
    index("access_codes_state_idx").on(t.state, t.programAt),
  ],
);

export const messages = sqliteTable(
  "messages",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    propertyId: text("property_id"),
    stayId: text("stay_id"),
    turnoverId: text("turnover_id"),
    contactId: text("contact_id"),
    alertId: text("alert_id"),
    channel: text("channel", { enum: MESSAGE_CHANNELS }).notNull(),
    /** Which provider carried it: twilio, smtp or the built-in outbox. */
    provider: text("provider", { enum: ["twilio", "smtp", "outbox"] }).notNull(),
    /** AES-256-GCM, bound to this message: sealed and opened only by services/contact-details. */
    recipientEnc: text("recipient_enc"),
    /** Plaintext from before migration 0003, sealed into recipient_enc and set to '' at start (NOT NULL, as in users). */
    legacyRecipient: text("recipient").notNull().$defaultFn(() => ""),
    purpose: text("purpose").notNull(),
    subject: text("subject"),
    /** Bodies carry PINs: encrypted at rest. */
    bodyEnc: text("body_enc").notNull(),
    /**
     * The same body rendered with the PIN masked, for listings (sealed too: it still holds Wi-Fi and guest details).
     * Null on rows written before it existed; those show no body until revealed.
     */
    bodyMaskedEnc: text("body_masked_enc"),
    status: text("status", { enum: MESSAGE_STATUSES }).notNull().default("queued"),
    providerId: text("provider_id"),
    errorCode: text("error_code"),
    error: text("error"),
    attempts: integer("attempts").notNull().default(0),
    idempotencyKey: text("idempotency_key").notNull(),
    sendAt: instant("send_at"),
    sentAt: instant("sent_at"),
    deliveredAt: instant("delivered_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("messages_idempotency_unique").on(t.idempotencyKey),
    index("messages_account_idx").on(t.accountId, t.id),
    index("messages_provider_id_idx").on(t.providerId),
    // A stay's and a turnover's messages are read on every page that shows them (Today, the stay page, reach).
    index("messages_stay_idx").on(t.stayId),
    index("messages_turnover_idx").on(t.turnoverId),
  ],
);

/** Numbers that replied STOP, by keyed hash only: the check needs no number, and nothing here can text anyone. */
export const smsOptOuts = sqliteTable(
  "sms_opt_out_hashes",
  {
    phoneHash: text("phone_hash").primaryKey(),
    optedOutAt: instant("opted_out_at").notNull(),
  },
);

/** Plaintext opt-outs from before migration 0003: hashed into sms_opt_out_hashes and deleted at start. Never written. */
export const legacySmsOptOuts = sqliteTable(
  "sms_opt_outs",
  {
    phone: text("phone").primaryKey(),
    optedOutAt: instant("opted_out_at").notNull(),
  },
);

export const alerts = sqliteTable(
  "alerts",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ALERT_KINDS }).notNull(),
    severity: text("severity", { enum: ALERT_SEVERITIES }).notNull(),
    subjectType: text("subject_type").notNull(),
    subjectId: text("subject_id").notNull(),
    dedupeKey: text("dedupe_key").notNull(),
    title: text("title").notNull(),
    detail: text("detail"),
    status: text("status", { enum: ALERT_STATUSES }).notNull().default("open"),
    openedAt: instant("opened_at").notNull(),
    resolvedAt: instant("resolved_at"),
    acknowledgedAt: instant("acknowledged_at"),
    acknowledgedBy: text("acknowledged_by"),
    notifiedAt: instant("notified_at"),
    notifiedSeverity: text("notified_severity"),
    resolutionNotifiedAt: instant("resolution_notified_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // One open alert per dedupe key: a second "open" for the same condition is a no-op, not a second page.
    uniqueIndex("alerts_open_dedupe_unique").on(t.accountId, t.dedupeKey).where(sql`status = 'open'`),
    index("alerts_account_idx").on(t.accountId, t.id),
  ],
);

/** Append-only record of every external action, with provider request ids. Never holds PINs or phone numbers. */
export const auditEvents = sqliteTable(
  "audit_events",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    at: instant("at").notNull(),
    actor: text("actor").notNull(),
    action: text("action").notNull(),
    subjectType: text("subject_type").notNull(),
    subjectId: text("subject_id").notNull(),
    outcome: text("outcome", { enum: ["ok", "error"] }).notNull().default("ok"),
    provider: text("provider"),
    providerRequestId: text("provider_request_id"),
    detail: json<Record<string, unknown>>("detail"),
  },
  (t) => [index("audit_events_account_idx").on(t.accountId, t.id), index("audit_events_subject_idx").on(t.subjectType, t.subjectId)],
);

/** Inbound webhook events seen, so a replayed or redelivered event is processed once. */
export const webhookEvents = sqliteTable(
  "webhook_events",
  {
    provider: text("provider").notNull(),
    eventId: text("event_id").notNull(),
    receivedAt: instant("received_at").notNull(),
  },
  (t) => [uniqueIndex("webhook_events_unique").on(t.provider, t.eventId)],
);
