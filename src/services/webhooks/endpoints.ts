import { eq } from "drizzle-orm";
import { listAccountPage } from "../../db/account-page";
import type { WebhookEndpointRow } from "../../db/rows";
import { webhookEndpoints } from "../../db/schema";
import { type WebhookEventType } from "../../domain/webhooks";
import { newId } from "../../lib/ids";
import { parseAllowList } from "../../lib/net/address-policy";
import { newWebhookSecret } from "../../lib/webhooks/standard-webhooks";
import { webhookAddressGuard, webhookUrlProblem } from "../../providers/webhooks/post-webhook";
import { recordAudit } from "../audit/record-audit";
import { resolveAlert } from "../alerts";
import { notifyAlertChange } from "../alerts/notify-alert-change";
import type { ServiceDeps } from "../deps";
import { invalidField } from "../errors";
import { lookups } from "../lookups";
import type { Actor } from "../team/scope";
import { endpointSecretAd, endpointUrlAd, shownEndpointUrl } from "./endpoint-secrets";

export type { WebhookEndpointRow };
type Deps = Pick<ServiceDeps, "db" | "clock" | "box" | "config" | "logger" | "jobs" | "alertPolicy" | "events">;

export interface WebhookEndpointInput {
  url: string;
  description?: string | null;
  eventTypes: WebhookEventType[];
}

export interface WebhookEndpointPatch {
  url?: string;
  description?: string | null;
  eventTypes?: WebhookEventType[];
  /** false disables it; true enables it again (and forgets how long it had been failing). */
  enabled?: boolean;
}

/** How long the old secret still signs after a rotation, so a receiver can switch to the new one without losing events. */
export const ROTATION_GRACE_MS = 24 * 3600_000;

export const webhookAlertKey = (endpointId: string) => `webhook:${endpointId}`;

/** The endpoint as the API and the dashboard show it: the URL redacted to scheme and host, no sealed column. */
export function presentEndpoint(deps: Pick<ServiceDeps, "box">, row: WebhookEndpointRow) {
  return {
    id: row.id, url: shownEndpointUrl(deps.box, row), description: row.description, eventTypes: row.eventTypes, status: row.status,
    disabledReason: row.disabledReason, failingSince: row.failingSince, lastSuccessAt: row.lastSuccessAt,
    secretRotatedUntil: row.previousSecretUntil, createdAt: row.createdAt, updatedAt: row.updatedAt,
  };
}
export type PresentedEndpoint = ReturnType<typeof presentEndpoint>;

async function checkedUrl(deps: Pick<ServiceDeps, "config">, raw: string): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalidField("url", "must be an absolute http:// or https:// URL");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw invalidField("url", "must be an absolute http:// or https:// URL");
  if (url.username || url.password) throw invalidField("url", "must not carry a user name or password; put a token in the path or query instead");
  const problem = await webhookUrlProblem(url, webhookAddressGuard(parseAllowList(deps.config.STAYKEY_WEBHOOK_ALLOW_HOSTS)));
  if (problem) throw invalidField("url", problem);
  return url;
}

const uniqueTypes = (types: readonly WebhookEventType[]) => {
  if (types.length === 0) throw invalidField("eventTypes", "pick at least one event type");
  return [...new Set(types)];
};

/** Registers a receiver. The signing secret is in the answer once; only its sealed form is kept. */
export async function createWebhookEndpoint(deps: Deps, actor: Pick<Actor, "accountId" | "userId">, input: WebhookEndpointInput): Promise<{ row: WebhookEndpointRow; secret: string }> {
  const url = await checkedUrl(deps, input.url);
  const id = newId("whep");
  const secret = newWebhookSecret();
  const now = deps.clock.now();
  deps.db.transaction((tx) => {
    tx.insert(webhookEndpoints).values({
      id, accountId: actor.accountId, urlEnc: deps.box.encrypt(url.toString(), endpointUrlAd(id)), urlHost: url.host,
      description: input.description ?? null, eventTypes: uniqueTypes(input.eventTypes), secretEnc: deps.box.encrypt(secret, endpointSecretAd(id)),
      createdAt: now, updatedAt: now,
    }).run();
    recordAudit(deps.db, deps.clock, { accountId: actor.accountId, actor: auditActor(actor), action: "webhook_endpoint.create", subjectType: "webhook_endpoint", subjectId: id, detail: { host: url.host } });
  });
  return { row: lookups.webhookEndpoint.find(deps.db, actor.accountId, id), secret };
}

export function listWebhookEndpoints(deps: Pick<ServiceDeps, "db">, accountId: string, q: { limit: number; cursor?: string }) {
  return listAccountPage(deps.db, webhookEndpoints, accountId, [], q);
}

export const findWebhookEndpoint = (deps: Pick<ServiceDeps, "db">, accountId: string, id: string) => lookups.webhookEndpoint.find(deps.db, accountId, id);

export async function updateWebhookEndpoint(deps: Deps, actor: Pick<Actor, "accountId" | "userId">, id: string, patch: WebhookEndpointPatch): Promise<WebhookEndpointRow> {
  const existing = lookups.webhookEndpoint.find(deps.db, actor.accountId, id);
  const url = patch.url === undefined ? undefined : await checkedUrl(deps, patch.url);
  const now = deps.clock.now();
  const enabling = patch.enabled === true && existing.status === "disabled";
  deps.db.update(webhookEndpoints).set({
    ...(url ? { urlEnc: deps.box.encrypt(url.toString(), endpointUrlAd(id)), urlHost: url.host } : {}),
    ...(patch.description !== undefined ? { description: patch.description } : {}),
    ...(patch.eventTypes ? { eventTypes: uniqueTypes(patch.eventTypes) } : {}),
    ...(enabling ? { status: "enabled" as const, disabledReason: null, failingSince: null } : {}),
    ...(patch.enabled === false && existing.status === "enabled" ? { status: "disabled" as const, disabledReason: "disabled by the host" } : {}),
    updatedAt: now,
  }).where(eq(webhookEndpoints.id, id)).run();
  recordAudit(deps.db, deps.clock, { accountId: actor.accountId, actor: auditActor(actor), action: "webhook_endpoint.update", subjectType: "webhook_endpoint", subjectId: id, detail: { fields: Object.keys(patch) } });
  if (enabling) await notifyAlertChange(deps, resolveAlert(deps.db, deps.clock, actor.accountId, webhookAlertKey(id)));
  return lookups.webhookEndpoint.find(deps.db, actor.accountId, id);
}

/** A new secret, shown once; the old one keeps signing alongside it for ROTATION_GRACE_MS. */
export function rotateWebhookSecret(deps: Deps, actor: Pick<Actor, "accountId" | "userId">, id: string): { row: WebhookEndpointRow; secret: string } {
  const existing = lookups.webhookEndpoint.find(deps.db, actor.accountId, id);
  const secret = newWebhookSecret();
  const now = deps.clock.now();
  deps.db.update(webhookEndpoints).set({
    secretEnc: deps.box.encrypt(secret, endpointSecretAd(id)), previousSecretEnc: existing.secretEnc,
    previousSecretUntil: new Date(now.getTime() + ROTATION_GRACE_MS), updatedAt: now,
  }).where(eq(webhookEndpoints.id, id)).run();
  recordAudit(deps.db, deps.clock, { accountId: actor.accountId, actor: auditActor(actor), action: "webhook_endpoint.rotate_secret", subjectType: "webhook_endpoint", subjectId: id });
  return { row: lookups.webhookEndpoint.find(deps.db, actor.accountId, id), secret };
}

/** Removes the endpoint and its delivery history; pending attempts find no row and end quietly. */
export async function deleteWebhookEndpoint(deps: Deps, actor: Pick<Actor, "accountId" | "userId">, id: string): Promise<void> {
  lookups.webhookEndpoint.find(deps.db, actor.accountId, id);
  deps.db.delete(webhookEndpoints).where(eq(webhookEndpoints.id, id)).run();
  recordAudit(deps.db, deps.clock, { accountId: actor.accountId, actor: auditActor(actor), action: "webhook_endpoint.delete", subjectType: "webhook_endpoint", subjectId: id });
  await notifyAlertChange(deps, resolveAlert(deps.db, deps.clock, actor.accountId, webhookAlertKey(id)));
}

const auditActor = (actor: Pick<Actor, "userId">) => (actor.userId ? `user:${actor.userId}` : "api");
