import { eq } from "drizzle-orm";
import type { WebhookDeliveryRow, WebhookEndpointRow } from "../../db/rows";
import { webhookDeliveries, webhookEndpoints } from "../../db/schema";
import { attemptOutcome, type WebhookAttempt } from "../../domain/webhooks";
import { exponentialBackoffMs } from "../../jobs/backoff";
import { jobKeys } from "../../jobs/job-keys";
import type { JobContext } from "../../jobs/port";
import { skipIfStale } from "../../jobs/stale-guard";
import { parseAllowList } from "../../lib/net/address-policy";
import { signStandardWebhook } from "../../lib/webhooks/standard-webhooks";
import { postWebhook, webhookAddressGuard, type WebhookPostResult } from "../../providers/webhooks/post-webhook";
import { notifyAlertChange, raiseAlert } from "../alerts";
import type { ServiceDeps } from "../deps";
import { openEndpointUrl, signingSecrets } from "./endpoint-secrets";
import { webhookAlertKey } from "./endpoints";
import { enqueueDeliveryAttempt } from "./publish-event";

const JOB = "webhooks.deliver";

/**
 * One attempt of one delivery: sign the stored body, POST it, record what came back. A 2xx delivers it; no answer, a
 * timeout, 408, 429 or a 5xx schedules the next attempt (STAYKEY_WEBHOOK_BACKOFF_SECONDS × 2^(n-1)) until
 * STAYKEY_WEBHOOK_ATTEMPTS are used; any other answer is final. An endpoint whose attempts have all failed for
 * STAYKEY_WEBHOOK_DISABLE_AFTER_HOURS is disabled and the host alerted once (deduped on the endpoint).
 */
export async function deliverWebhook(deps: ServiceDeps, payload: { deliveryId: string }, ctx: JobContext): Promise<void> {
  const row = deps.db.select({ delivery: webhookDeliveries, endpoint: webhookEndpoints }).from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId)).where(eq(webhookDeliveries.id, payload.deliveryId)).get();
  if (skipIfStale(JOB, ctx, row?.delivery, deps.logger, { keyOf: jobKeys.webhookDelivery, stillWanted: (d) => d.status === "pending" }) || !row) return;
  const { delivery, endpoint } = row;
  const now = deps.clock.now();
  if (endpoint.status !== "enabled") {
    deps.db.update(webhookDeliveries).set({ status: "failed", nextAttemptAt: null, updatedAt: now }).where(eq(webhookDeliveries.id, delivery.id)).run();
    deps.logger.info({ deliveryId: delivery.id, endpointId: endpoint.id }, "webhook endpoint is disabled: delivery not sent");
    return;
  }

  const result = await send(deps, endpoint, delivery, now);
  const answer = "blocked" in result && result.blocked ? "final" : attemptOutcome(result.status);
  const round = attemptsThisRound(delivery) + 1;
  const finished = deps.clock.now();
  const next = answer === "retry" && round < deps.config.STAYKEY_WEBHOOK_ATTEMPTS
    ? { version: delivery.version + 1, at: new Date(finished.getTime() + exponentialBackoffMs(round, deps.config.STAYKEY_WEBHOOK_BACKOFF_SECONDS * 1000)) }
    : null;
  // Recorded as what happened next: `retry` only when another attempt is scheduled, so a round's last try reads `final`.
  const outcome = answer === "delivered" ? "delivered" : next ? "retry" : "final";
  const number = delivery.attempts.length + 1;
  const attempt: WebhookAttempt = { attempt: number, at: now.toISOString(), status: result.status, durationMs: result.durationMs, error: result.error, outcome };
  const failingSince = outcome === "delivered" ? null : (endpoint.failingSince ?? now);
  const disable = failingSince !== null && finished.getTime() - failingSince.getTime() >= deps.config.STAYKEY_WEBHOOK_DISABLE_AFTER_HOURS * 3600_000;

  deps.db.transaction(() => {
    deps.db.update(webhookDeliveries).set({
      attempts: [...delivery.attempts, attempt],
      status: outcome === "delivered" ? "delivered" : next ? "pending" : "failed",
      version: next?.version ?? delivery.version,
      nextAttemptAt: next?.at ?? null,
      ...(outcome === "delivered" ? { deliveredAt: finished } : {}),
      updatedAt: finished,
    }).where(eq(webhookDeliveries.id, delivery.id)).run();
    deps.db.update(webhookEndpoints).set({
      failingSince,
      ...(outcome === "delivered" ? { lastSuccessAt: finished } : {}),
      ...(disable ? { status: "disabled" as const, disabledReason: `every attempt failed since ${failingSince.toISOString()}` } : {}),
      updatedAt: finished,
    }).where(eq(webhookEndpoints.id, endpoint.id)).run();
  });
  deps.logger.info({ deliveryId: delivery.id, endpointId: endpoint.id, host: endpoint.urlHost, attempt: number, status: result.status, outcome }, "webhook attempt");

  if (next) await enqueueDeliveryAttempt(deps, { id: delivery.id, version: next.version }, next.at);
  if (disable) await disabledAlert(deps, endpoint, failingSince);
}

/** Attempts in the current round: a redelivery (after a delivered or final attempt) starts a fresh one. */
function attemptsThisRound(delivery: WebhookDeliveryRow): number {
  return delivery.attempts.length - (delivery.attempts.findLastIndex((a) => a.outcome !== "retry") + 1);
}

async function send(deps: ServiceDeps, endpoint: WebhookEndpointRow, delivery: WebhookDeliveryRow, now: Date): Promise<WebhookPostResult & { durationMs: number }> {
  const headers = signStandardWebhook({ secrets: signingSecrets(deps.box, endpoint, now), id: delivery.id, timestamp: now, body: delivery.body });
  const guard = webhookAddressGuard(parseAllowList(deps.config.STAYKEY_WEBHOOK_ALLOW_HOSTS));
  const started = performance.now();
  const result = await postWebhook(openEndpointUrl(deps.box, endpoint), delivery.body, headers, { guard, timeoutMs: deps.config.STAYKEY_WEBHOOK_TIMEOUT_SECONDS * 1000 });
  return { ...result, durationMs: Math.round(performance.now() - started) };
}

async function disabledAlert(deps: ServiceDeps, endpoint: WebhookEndpointRow, since: Date): Promise<void> {
  const transition = raiseAlert(deps.db, deps.clock, {
    accountId: endpoint.accountId, kind: "webhook_failing", severity: "warning", subjectType: "webhook_endpoint", subjectId: endpoint.id,
    dedupeKey: webhookAlertKey(endpoint.id), title: `Webhook endpoint ${endpoint.urlHost} was disabled`,
    detail: `Every delivery attempt has failed since ${since.toISOString()}. Fix the receiver, then enable the endpoint again; failed deliveries can be redelivered.`,
  });
  await notifyAlertChange(deps, transition);
}
