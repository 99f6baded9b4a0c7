import { z } from "zod";
import type { QueueName } from "./queues";

/**
 * Payloads carry record ids and nothing else: a job payload is stored in Redis or SQLite in the clear and shows up
 * in dashboards, so a PIN, phone number, feed URL or credential must never be in one (DESIGN invariant 7). The id
 * pattern is what `newId` produces, which a phone number, URL or PIN can never match.
 */
export const RECORD_ID_PATTERN = /^[a-z]{2,5}_[0-9a-z]{6,48}$/;
export const recordId = () => z.string().regex(RECORD_ID_PATTERN, "must be a record id (prefix_…)");
export type RecordIdSchema = ReturnType<typeof recordId>;

type IdShape = Record<string, RecordIdSchema>;

export interface JobDefinition<N extends string = string, S extends IdShape = IdShape> {
  name: N;
  queue: string;
  /** Strict: unknown fields are rejected, not stripped, so a caller that leaks a phone number into a payload fails. */
  schema: z.ZodObject<S, z.core.$strict>;
  /** Total tries, including the first. */
  attempts: number;
  /** Base of the exponential backoff: retry n waits backoffMs × 2^(n-1). */
  backoffMs: number;
}

export type AnyJobDefinition = JobDefinition<string, IdShape>;
export type DefinitionMap = { [name: string]: AnyJobDefinition };
export type PayloadOf<D extends AnyJobDefinition> = z.infer<D["schema"]>;

export function defineJob<N extends `${Q}.${string}`, Q extends string, S extends IdShape>(def: {
  name: N;
  queue: Q;
  payload: S;
  attempts: number;
  backoffMs: number;
}): JobDefinition<N, S> {
  if (!/^[a-z-]+\.[a-z-]+$/.test(def.name)) throw new Error(`job name ${def.name} must be <queue>.<action>`);
  return { name: def.name, queue: def.queue, schema: z.strictObject(def.payload), attempts: def.attempts, backoffMs: def.backoffMs };
}

const staykey = <N extends `${Q}.${string}`, Q extends QueueName, S extends IdShape>(def: {
  name: N;
  queue: Q;
  payload: S;
  attempts: number;
  backoffMs: number;
}) => defineJob(def);

/** Every job staykey runs. Attempts and backoff are defaults chosen per vendor behaviour. */
export const jobDefinitions = {
  // Feeds are re-fetched on their own interval anyway, so a few quick retries are enough.
  "calendar-sync.sync-feed": staykey({ name: "calendar-sync.sync-feed", queue: "calendar-sync", payload: { feedId: recordId() }, attempts: 3, backoffMs: 30_000 }),
  // The next scheduled run repairs whatever one run missed; retrying it would only pile up.
  "calendar-sync.reconcile": staykey({ name: "calendar-sync.reconcile", queue: "calendar-sync", payload: {}, attempts: 1, backoffMs: 1_000 }),
  // A sync's notice to the planner: plan every stay of the property whose version it has not planned yet.
  "access-codes.plan-property": staykey({ name: "access-codes.plan-property", queue: "access-codes", payload: { propertyId: recordId() }, attempts: 5, backoffMs: 10_000 }),
  "access-codes.plan-stay": staykey({ name: "access-codes.plan-stay", queue: "access-codes", payload: { stayId: recordId() }, attempts: 5, backoffMs: 10_000 }),
  // A manual access grant's codes brought in line with it: a recurring grant's next occurrences, a lock added to its property.
  "access-codes.plan-grant": staykey({ name: "access-codes.plan-grant", queue: "access-codes", payload: { grantId: recordId() }, attempts: 5, backoffMs: 10_000 }),
  // Locks drop off Wi-Fi/Z-Wave for minutes at a time: retries reach out to ~1 hour (30 s × 2^6).
  "access-codes.program-code": staykey({ name: "access-codes.program-code", queue: "access-codes", payload: { codeId: recordId() }, attempts: 8, backoffMs: 30_000 }),
  "access-codes.verify-code": staykey({ name: "access-codes.verify-code", queue: "access-codes", payload: { codeId: recordId() }, attempts: 6, backoffMs: 20_000 }),
  // A code left on a door after checkout is a security hole: keep trying for hours, then alert.
  "access-codes.revoke-code": staykey({ name: "access-codes.revoke-code", queue: "access-codes", payload: { codeId: recordId() }, attempts: 10, backoffMs: 30_000 }),
  "messages.deliver": staykey({ name: "messages.deliver", queue: "messages", payload: { messageId: recordId() }, attempts: 5, backoffMs: 15_000 }),
  "messages.cleaner-digest": staykey({ name: "messages.cleaner-digest", queue: "messages", payload: { contactId: recordId(), propertyId: recordId() }, attempts: 3, backoffMs: 60_000 }),
  // One poll of a Seam connection's events (installs without webhooks); the next poll, a minute on, retries a miss.
  "lock-health.poll-seam-events": staykey({ name: "lock-health.poll-seam-events", queue: "lock-health", payload: { connectionId: recordId() }, attempts: 1, backoffMs: 60_000 }),
  "lock-health.check-lock": staykey({ name: "lock-health.check-lock", queue: "lock-health", payload: { lockId: recordId() }, attempts: 2, backoffMs: 60_000 }),
  "alerts.notify": staykey({ name: "alerts.notify", queue: "alerts", payload: { alertId: recordId() }, attempts: 5, backoffMs: 30_000 }),
  "alerts.daily-check": staykey({ name: "alerts.daily-check", queue: "alerts", payload: { propertyId: recordId() }, attempts: 3, backoffMs: 60_000 }),
  // Sends every pending alert notice of one account at the end of a short window, as one digest when there are many.
  "alerts.digest": staykey({ name: "alerts.digest", queue: "alerts", payload: { accountId: recordId() }, attempts: 5, backoffMs: 30_000 }),
  // Staleness shows only when nothing happens, so a periodic sweep has to look for it; the next sweep repairs a miss.
  "alerts.check-feeds": staykey({ name: "alerts.check-feeds", queue: "alerts", payload: {}, attempts: 1, backoffMs: 60_000 }),
  // Door activity's sweep: guests who have not arrived, security alerts gone quiet, events past their retention.
  "alerts.door-sweep": staykey({ name: "alerts.door-sweep", queue: "alerts", payload: {}, attempts: 1, backoffMs: 60_000 }),
  // Guests nobody can reach, looked for at each property's lead before check-in; the next sweep repairs a miss.
  "alerts.check-guest-reach": staykey({ name: "alerts.check-guest-reach", queue: "alerts", payload: {}, attempts: 1, backoffMs: 60_000 }),
  // One attempt of one outbound webhook. The delivery schedules its own next attempt (STAYKEY_WEBHOOK_ATTEMPTS, a new
  // job id each), so these retries only cover a crash or a database error between sending and recording.
  "webhooks.deliver": staykey({ name: "webhooks.deliver", queue: "webhooks", payload: { deliveryId: recordId() }, attempts: 3, backoffMs: 60_000 }),
} as const;

export type StaykeyDefinitions = typeof jobDefinitions;
export type JobName = keyof StaykeyDefinitions;
export type JobPayload<N extends JobName> = PayloadOf<StaykeyDefinitions[N]>;
export const JOB_NAMES = Object.keys(jobDefinitions) as JobName[];
