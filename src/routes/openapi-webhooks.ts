/**
 * The outbound webhooks in the OpenAPI document (3.1's top-level `webhooks`): one entry per event type an endpoint can
 * pick, each with the signed headers and the body staykey POSTs. The bodies' `data` follow services/webhooks'
 * event-payloads field for field (ids, states and times only); a test validates real deliveries against these schemas,
 * so the two cannot drift apart silently.
 */
import { CODE_PURPOSES } from "../domain/access/code-states";
import { ALERT_KINDS, ALERT_SEVERITIES, ALERT_STATUSES } from "../domain/alerts/alert-kinds";
import { STAY_KINDS, STAY_STATUSES } from "../domain/calendar/record-states";
import { LOCK_EVENT_ACTORS, LOCK_EVENT_KINDS, LOCK_EVENT_METHODS } from "../domain/door/lock-event-kinds";
import { MESSAGE_CHANNELS } from "../domain/messages/channels";
import { MESSAGE_STATUSES } from "../domain/messages/status-order";
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from "../domain/webhooks";
import { z } from "zod";

type Schema = Record<string, unknown>;

const id = (description: string) => z.string().describe(description);
const nullableId = (description: string) => z.string().nullable().describe(description);
const time = (description: string) => z.iso.datetime().describe(description);
const oneOf = <T extends readonly [string, ...string[]]>(values: T, description: string) => z.enum(values).describe(description);

/**
 * Each family's `data`, keyed by the schema name it gets under components. Strict: a field event-payloads adds
 * without documenting it here fails the delivery tests that parse real bodies with these.
 */
export const WEBHOOK_DATA = {
  WebhookStayEvent: {
    types: (t: string) => t.startsWith("stay."),
    title: "A stay was created, changed or cancelled",
    data: z.strictObject({
      id: id("The stay"), propertyId: id("Its property"), feedId: nullableId("The calendar it came from; null for a stay added by hand or through the API"),
      kind: oneOf(STAY_KINDS, "reservation, an owner block, or manual"), status: oneOf(STAY_STATUSES, "confirmed or cancelled"),
      checkInDate: z.iso.date().describe("The property's local check-in day"), checkOutDate: z.iso.date().describe("The property's local checkout day"),
      checkInAt: time("Check-in instant (the property's check-in time on that day)"), checkOutAt: time("Checkout instant"),
      reservationCode: z.string().nullable().describe("The platform's reservation code, where the calendar gives one"),
      version: z.int().min(1).describe("Goes up by one on every change; a receiver keeps the highest it has seen"),
    }),
  },
  WebhookCodeEvent: {
    types: (t: string) => t.startsWith("code."),
    title: "A code was confirmed on the lock, could not be set, or was removed",
    data: z.strictObject({
      id: id("The access code"), lockId: id("The lock it is on"), propertyId: id("The lock's property"),
      purpose: oneOf(CODE_PURPOSES, "Whose code: a guest's, a cleaner's, a backup, or a manual access grant's"),
      stayId: nullableId("The stay a guest or backup code serves"), turnoverId: nullableId("The turnover a cleaner's code serves"),
      grantId: nullableId("The access grant a grant code serves"),
      state: z.enum(["active", "failed", "revoked"]).describe("The state this event reports"),
      validFrom: time("When the code starts opening the door"), validTo: time("When it stops"),
      error: z.string().nullable().describe("Why it could not be set (code.failed only), in words"),
    }),
  },
  WebhookMessageEvent: {
    types: (t: string) => t.startsWith("message."),
    title: "A message was delivered or failed",
    data: z.strictObject({
      id: id("The message"), channel: oneOf(MESSAGE_CHANNELS, "sms or email"),
      purpose: z.string().describe("What it was for (guest_code, cleaner_code, arrival, ...)"),
      status: oneOf(MESSAGE_STATUSES, "The carrier's last word"), propertyId: nullableId("Its property"), stayId: nullableId("Its stay"),
      errorCode: z.string().nullable().describe("The carrier's error code (message.failed only)"),
    }),
  },
  WebhookAlertEvent: {
    types: (t: string) => t.startsWith("alert."),
    title: "An alert opened or resolved",
    data: z.strictObject({
      id: id("The alert"), kind: oneOf(ALERT_KINDS, "What went wrong"), severity: oneOf(ALERT_SEVERITIES, "How urgent"),
      status: oneOf(ALERT_STATUSES, "open or resolved"), subjectType: z.string().describe("What it is about: feed, lock, access_code, stay, ..."),
      subjectId: id("The id of what it is about"), title: z.string().describe("One line for a person"),
      openedAt: time("When it opened"), resolvedAt: time("When it resolved").nullable(),
    }),
  },
  WebhookDoorEvent: {
    types: (t: string) => t.startsWith("lock."),
    title: "A door event reached the access log",
    data: z.strictObject({
      id: id("The access-log entry"), lockId: id("The lock"), propertyId: id("Its property"), kind: oneOf(LOCK_EVENT_KINDS, "What happened"),
      method: oneOf(LOCK_EVENT_METHODS, "How: keypad, manual, remote, auto, or unknown"),
      actor: oneOf(LOCK_EVENT_ACTORS, "Whose code opened it; unknown_code for a keypad code staykey does not know").nullable()
        .describe("Whose code opened it (guest, cleaner, backup, grant), unknown_code for a keypad code staykey does not know, null when no code was used"),
      accessCodeId: nullableId("The staykey code used, when known; never the PIN"), stayId: nullableId("That code's stay"),
      turnoverId: nullableId("That code's turnover"), occurredAt: time("When the lock says it happened"),
    }),
  },
} as const;

type Family = keyof typeof WEBHOOK_DATA;

/** The whole body staykey POSTs for an event of `type`: `{type, timestamp, data}`. */
export function webhookBodySchema(type: WebhookEventType) {
  const family = WEBHOOK_DATA[familyOf(type)];
  const types = WEBHOOK_EVENT_TYPES.filter((t) => family.types(t)) as unknown as [string, ...string[]];
  return z.strictObject({ type: z.enum(types).describe("The event type"), timestamp: time("When staykey published the event"), data: family.data });
}

function familyOf(type: WebhookEventType): Family {
  const entry = (Object.keys(WEBHOOK_DATA) as Family[]).find((name) => WEBHOOK_DATA[name].types(type));
  if (!entry) throw new Error(`no webhook schema covers ${type}`);
  return entry;
}

const header = (name: string, description: string, example: string) => ({ name, in: "header", required: true, schema: { type: "string" }, description, example });
const HEADERS = [
  header("webhook-id", "The delivery's id, the same on every attempt of it: deduplicate on it", "whdl_01JDQ7R8M2X4T6"),
  header("webhook-timestamp", "Unix seconds when this attempt was signed; refuse one more than a few minutes off", "1767348000"),
  header("webhook-signature", "`v1,<base64 HMAC-SHA256 of \"{webhook-id}.{webhook-timestamp}.{raw body}\">` keyed with the base64 part of the endpoint's `whsec_` secret; space-separated entries during a secret rotation", "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4="),
];

/** The component schemas (one per family) and the `webhooks` map (one per event type). */
export function webhookDocument(): { schemas: Record<string, Schema>; webhooks: Record<string, unknown> } {
  const schemas: Record<string, Schema> = {};
  for (const name of Object.keys(WEBHOOK_DATA) as Family[]) {
    const first = WEBHOOK_EVENT_TYPES.find((t) => WEBHOOK_DATA[name].types(t))!;
    const { $schema: _drop, ...schema } = z.toJSONSchema(webhookBodySchema(first), { target: "draft-2020-12", io: "output" }) as Schema;
    schemas[name] = { ...schema, description: `${WEBHOOK_DATA[name].title}. Ids, states and times only: fetch anything more through the API with your key.` };
  }
  const webhooks: Record<string, unknown> = {};
  for (const type of WEBHOOK_EVENT_TYPES) {
    const family = familyOf(type);
    webhooks[type] = {
      post: {
        operationId: `webhook${type.split(/[._]/).map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join("")}`,
        summary: `${type}: ${WEBHOOK_DATA[family].title.toLowerCase()}`,
        description: "Sent to every enabled endpoint that picked this type, signed the Standard Webhooks way. Answer any 2xx to accept; no answer, 408, 429 or a 5xx is retried with backoff, anything else is final.",
        tags: ["Webhooks"],
        security: [],
        parameters: HEADERS,
        requestBody: { required: true, content: { "application/json": { schema: { $ref: `#/components/schemas/${family}` } } } },
        responses: { "2XX": { description: "Accepted" }, default: { description: "Retried for no answer, 408, 429 and 5xx; final otherwise" } },
      },
    };
  }
  return { schemas, webhooks };
}
