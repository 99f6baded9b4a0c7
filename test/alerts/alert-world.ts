import { and, eq, like, sql } from "drizzle-orm";
import { Hono } from "hono";
import type { FeedRow, MessageRow } from "../../src/db/rows";
import { alerts, feeds, jobs as jobRows, messages } from "../../src/db/schema";
import { jobDefinitions, type JobName } from "../../src/jobs/definitions";
import { EmbeddedJobQueue } from "../../src/jobs/embedded/embedded-queue";
import { JobStore } from "../../src/jobs/embedded/job-store";
import type { JobHandler } from "../../src/jobs/port";
import { newId } from "../../src/lib/ids";
import { signSvix } from "../../src/lib/webhooks/svix";
import type { LockProvider } from "../../src/providers/locks/types";
import { registerSeamWebhook } from "../../src/routes/webhooks/seam";
import { openRecipient } from "../../src/services/contact-details/contact-details";
import { createReconciler } from "../../src/jobs/reconciler";
import { jobProcessors } from "../../src/runtime/processors";
import { reconcileSources } from "../../src/runtime/reconcile-sources";
import { withServiceEvents } from "../../src/runtime/event-handlers";
import type { LockRow, ServiceDeps } from "../../src/services/deps";
import { testDeps } from "../support/test-deps";
import { testWorld } from "../support/world";

export const SEAM_SECRET = `whsec_${Buffer.from("alert-tests-webhook-secret-0123").toString("base64")}`;
export const HOST_PHONE = "+14155550100";
const OUR_QUEUES = ["alerts", "lock-health"];

/**
 * One host account with an SMS alert contact and a property, on real parts: in-memory SQLite, the embedded job
 * queue (its dedupe by job id is part of what is tested) and a manual clock. `runDue` plays the worker for the
 * alerts and lock-health queues only; delivery jobs stay queued, so a notice is visible as its outbox message row.
 */
export async function alertWorld(opts: { now?: string; lockProvider?: (lock: LockRow) => LockProvider; env?: Record<string, string> } = {}) {
  const core = testDeps({ now: opts.now ?? "2026-11-21T12:00:00Z", env: { SEAM_WEBHOOK_SECRET: SEAM_SECRET, ...opts.env } });
  const { db, clock } = core;
  const queue = new EmbeddedJobQueue({ db, clock });
  const deps: ServiceDeps = withServiceEvents({
    ...core,
    jobs: queue,
    feedFetch: {},
    messaging: { sms: null, email: null },
    lockProvider: opts.lockProvider ?? (() => { throw new Error("this test has no lock provider"); }),
  });
  const world = testWorld(core);
  const { accountId } = await world.account({ name: "Host" });
  world.contact(accountId, { role: "alerts", name: "Host phone", phone: HOST_PHONE });
  const propertyId = world.property(accountId, { name: "Beach House", timezone: "America/New_York" }).id;

  // The one complete registry, as processes run it: the alerts queue carries other capabilities' sweeps too.
  const reconciler = createReconciler({ db, queue, sources: reconcileSources, clock, log: core.logger });
  const handlers = jobProcessors(deps, reconciler) as unknown as Record<string, JobHandler<unknown>>;
  const store = new JobStore(db.$client);
  const ran: string[] = [];

  async function runDue(): Promise<void> {
    for (let round = 0; round < 50; round++) {
      const claimed = OUR_QUEUES.flatMap((q) => store.claim(q, 1000, "test", clock.now().getTime(), 60_000));
      if (claimed.length === 0) return;
      for (const job of claimed) {
        const payload = jobDefinitions[job.name as JobName].schema.parse(JSON.parse(job.payload));
        await handlers[job.name]!(payload, { jobId: job.id, attempt: 1, signal: new AbortController().signal });
        store.complete(job.id, "test", clock.now().getTime());
        ran.push(job.name);
      }
    }
    throw new Error("jobs kept coming after 50 rounds");
  }

  const app = new Hono();
  registerSeamWebhook(app, deps);

  return {
    deps, db, clock, world, accountId, propertyId, ran, runDue,
    /** Lets the digest window close, then runs everything due. */
    async settle(): Promise<void> {
      await runDue();
      clock.advance(2 * 60_000);
      await runDue();
    },
    /** A feed whose first sync has just succeeded. */
    addFeed(name = "Airbnb"): FeedRow {
      return world.feed(propertyId, { name, state: { status: "ok", lastSuccessAt: clock.now() } });
    },
    /** What calendar sync writes after `times` failed fetches in a row. */
    failSync(feedId: string, times = 1): void {
      db.update(feeds).set({
        status: "failing", consecutiveFailures: sql`${feeds.consecutiveFailures} + ${times}`, lastSyncAt: clock.now(),
        lastError: "http_status 503 from https://www.airbnb.com/calendar/ical/1.ics?s=tok",
      }).where(eq(feeds.id, feedId)).run();
    },
    /** What calendar sync writes after a good fetch. */
    succeedSync(feedId: string): void {
      db.update(feeds).set({ status: "ok", consecutiveFailures: 0, lastError: null, lastSyncAt: clock.now(), lastSuccessAt: clock.now() }).where(eq(feeds.id, feedId)).run();
    },
    addLock(lock: { provider: LockRow["provider"]; providerDeviceId: string; name?: string; connectionId?: string }): LockRow {
      return world.lock(propertyId, lock);
    },
    alertsOf(kind?: string) {
      return db.select().from(alerts).where(and(eq(alerts.accountId, accountId), kind ? eq(alerts.kind, kind as never) : undefined)).all();
    },
    notices() {
      return db.select().from(messages).where(and(eq(messages.accountId, accountId), like(messages.purpose, "alert%"))).orderBy(messages.createdAt, messages.id).all()
        .map((m) => ({ ...m, recipient: openRecipient(core.box, m) }));
    },
    body(message: MessageRow): string {
      return core.box.decrypt(message.bodyEnc, `message:${message.id}`);
    },
    pendingJobs(name: string) {
      return db.select().from(jobRows).where(and(eq(jobRows.name, name), eq(jobRows.state, "waiting"))).all();
    },
    async postSeam(raw: string, headers: Record<string, string>) {
      const res = await app.request("/webhooks/seam", { method: "POST", headers, body: raw });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    },
    async seamWebhook(event: Record<string, unknown>, o: { id?: string; sentAt?: Date; secret?: string; raw?: string } = {}) {
      const raw = o.raw ?? JSON.stringify({ event_id: newId("evt"), workspace_id: "ws", created_at: clock.now().toISOString(), occurred_at: clock.now().toISOString(), ...event });
      const headers = signSvix({ secret: o.secret ?? SEAM_SECRET, id: o.id ?? `msg_${newId("evt")}`, timestamp: o.sentAt ?? clock.now(), rawBody: raw });
      const res = await app.request("/webhooks/seam", { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: raw });
      return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers };
    },
  };
}

export type AlertWorld = Awaited<ReturnType<typeof alertWorld>>;
