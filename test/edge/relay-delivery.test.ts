import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, webhookEvents } from "../../src/db/schema";
import type { AppRequest } from "../../src/services/relay";
import { until, useRelayWorld } from "./relay-world";
import { postSeam, seamWebhook, twilioStatusCallbacks } from "./senders";
import type { RelayBindings } from "./staykey-home";

const world = useRelayWorld();

/** Home's own record of the provider events it acted on: one row per event however often it arrived. */
const eventsSeen = () => world.home.deps.db.select({ provider: webhookEvents.provider, eventId: webhookEvents.eventId }).from(webhookEvents).all();
const statusAudit = (messageId: string) =>
  world.home.deps.db.select().from(auditEvents).where(eq(auditEvents.subjectId, messageId)).orderBy(auditEvents.id).all().map((a) => a.detail?.status);


describe("relay to the home server", () => {
  it("delivers signed Twilio and Seam webhooks home, where each re-verifies and is processed once", async () => {
    const callbacks = await twilioStatusCallbacks(world.twilio, world.relay.url);
    const sid = callbacks[0]!.params.MessageSid!;
    const messageId = world.home.addTwilioMessage(sid, "queued");
    for (const cb of callbacks) await world.twilio.deliverCallback(cb);
    await world.twilio.deliverCallback(callbacks[0]!); // Twilio retrying the first one
    const inbound = await world.twilio.sendInbound(`${world.relay.url}webhooks/twilio/inbound`, { From: "+15550002222", To: "+15005550006", Body: "START" });
    const seam = seamWebhook(world.relay.seamSecret);
    await postSeam(world.relay.url, seam);
    await postSeam(world.relay.url, seam);

    const p = world.puller();
    expect(await p.pullOnce(undefined, 0)).toEqual({ dispatched: 5, skipped: 0 });
    expect(await p.pullOnce(undefined, 0)).toEqual({ dispatched: 0, skipped: 0 });

    expect(world.home.answers.map((a) => [a.path, a.status])).toEqual([
      ["/webhooks/twilio/status", 204],
      ["/webhooks/twilio/status", 204],
      ["/webhooks/twilio/status", 204],
      ["/webhooks/twilio/inbound", 200],
      ["/webhooks/seam", 200],
    ]);
    expect(world.home.answers.at(-1)!.outcome).toBe("ignored"); // verified and recorded; this code is on no lock of ours
    expect(eventsSeen()).toEqual(expect.arrayContaining([
      { provider: "twilio", eventId: `${sid}_queued` },
      { provider: "twilio", eventId: `${sid}_sent` },
      { provider: "twilio", eventId: `${sid}_delivered` },
      { provider: "twilio-inbound", eventId: inbound.params.MessageSid },
      { provider: "seam", eventId: seam.id },
    ]));
    expect(eventsSeen()).toHaveLength(5);
    expect(world.home.message(messageId).status).toBe("delivered");
    expect(await world.pending()).toEqual([]);
    // Delivered payloads are dropped at the edge; only the id stays to recognise a late replay.
    expect(await world.relay.query("SELECT body FROM relay_events WHERE body != ''")).toEqual([]);
  });

  it("keeps events while home is down and delivers them, in order, when it comes back", async () => {
    const callbacks = await twilioStatusCallbacks(world.twilio, world.relay.url);
    const messageId = world.home.addTwilioMessage(callbacks[0]!.params.MessageSid!, "queued");
    for (const cb of callbacks) await world.twilio.deliverCallback(cb);
    expect(await world.pending()).toHaveLength(3);

    const p = world.puller();
    p.start();
    await until(async () => (await world.pending()).length === 0);
    // Statuses only move forward, so `sent` is applied (and audited) only if it arrived before `delivered`.
    expect(statusAudit(messageId)).toEqual(["sent", "delivered"]);
    expect(world.home.message(messageId).status).toBe("delivered");

    // While connected, a new webhook arrives home within the long-poll.
    const seam = seamWebhook(world.relay.seamSecret);
    await postSeam(world.relay.url, seam);
    await until(() => world.home.answers.length === 4);
    expect(world.home.answers[3]).toEqual({ path: "/webhooks/seam", status: 200, outcome: "ignored" });
    expect(eventsSeen()).toContainEqual({ provider: "seam", eventId: seam.id });
  });

  it("processes an event once when its ack was lost and home restarted", async () => {
    const seam = seamWebhook(world.relay.seamSecret);
    await postSeam(world.relay.url, seam);
    const dropAcks: typeof fetch = async (input, init) => {
      if (String(input).includes("/relay/ack")) throw new TypeError("connection reset");
      return fetch(input, init);
    };
    const first = world.puller({ fetch: dropAcks });
    await expect(first.pullOnce(undefined, 0)).rejects.toThrow("connection reset");
    expect(world.home.answers.map((a) => a.outcome)).toEqual(["ignored"]);
    expect(await world.pending()).toHaveLength(1);

    // A restarted puller has no memory: the relay redelivers and the Seam route's own svix-id dedupe absorbs it.
    const restarted = world.puller();
    expect(await restarted.pullOnce(undefined, 0)).toEqual({ dispatched: 1, skipped: 0 });
    expect(world.home.answers.map((a) => a.outcome)).toEqual(["ignored", "duplicate"]);
    expect(eventsSeen()).toEqual([{ provider: "seam", eventId: seam.id }]);
    expect(await world.pending()).toEqual([]);
  });

  it("retries an event home failed to process, without acknowledging it meanwhile", async () => {
    const seam = seamWebhook(world.relay.seamSecret);
    await postSeam(world.relay.url, seam);
    let failures = 1;
    const request: AppRequest<RelayBindings> = (path, init, env) =>
      failures-- > 0 ? new Response("database is locked", { status: 503 }) : world.home.request(path, init, env);
    const p = world.puller({ request });

    await expect(p.pullOnce(undefined, 0)).rejects.toThrow("HTTP 503");
    expect(await world.pending()).toHaveLength(1);
    expect(world.home.answers).toEqual([]);
    expect(await p.pullOnce(undefined, 0)).toEqual({ dispatched: 1, skipped: 0 });
    expect(world.home.answers).toEqual([{ path: "/webhooks/seam", status: 200, outcome: "ignored" }]);
    expect(eventsSeen()).toEqual([{ provider: "seam", eventId: seam.id }]);
    expect(await world.pending()).toEqual([]);
  });

  it("backs off while the relay is unreachable and catches up when it returns", async () => {
    const seam = seamWebhook(world.relay.seamSecret);
    await postSeam(world.relay.url, seam);
    let down = true;
    let attempts = 0;
    const flakyNetwork: typeof fetch = async (input, init) => {
      attempts += 1;
      if (down) throw new TypeError("fetch failed: ECONNREFUSED");
      return fetch(input, init);
    };
    const p = world.puller({ fetch: flakyNetwork });
    p.start();
    await new Promise((r) => setTimeout(r, 500));
    // 20 ms doubling to a 100 ms ceiling with jitter allows at most ~12 tries in 500 ms; a busy loop makes thousands.
    expect(attempts).toBeGreaterThanOrEqual(3);
    expect(attempts).toBeLessThanOrEqual(15);
    expect(p.status().consecutiveFailures).toBeGreaterThan(0);
    expect(world.home.answers).toEqual([]);

    down = false;
    await until(() => world.home.answers.length === 1);
    await until(async () => (await world.pending()).length === 0);
    expect(eventsSeen()).toEqual([{ provider: "seam", eventId: seam.id }]);
    // The edge commits the ack before the puller reads its answer, so the count resets a moment after.
    await until(() => p.status().consecutiveFailures === 0);
  });
});
