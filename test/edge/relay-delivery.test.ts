import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditEvents, webhookEvents } from "../../src/db/schema";
import type { AppRequest, RelayPuller } from "../../src/services/relay";
import { TwilioEmulator } from "../peers/twilio-emulator";
import { startEdgeRelay, type EdgeRelay } from "./relay-harness";
import { postSeam, seamWebhook, twilioStatusCallbacks } from "./senders";
import { startStaykeyHome, type RelayBindings, type StaykeyHome } from "./staykey-home";

let relay: EdgeRelay;
let twilio: TwilioEmulator;
let home: StaykeyHome;
const pullers: RelayPuller[] = [];

beforeAll(async () => {
  twilio = await TwilioEmulator.start({ callbacks: "manual" });
  relay = await startEdgeRelay({ bindings: { TWILIO_AUTH_TOKEN: twilio.authToken } });
});
beforeEach(async () => {
  home = await startStaykeyHome(relay, { twilioAuthToken: twilio.authToken });
});
afterEach(async () => {
  await Promise.all(pullers.splice(0).map((p) => p.stop()));
  home.close();
  // Each test starts from an empty relay, as a fresh deployment would.
  await relay.query("DELETE FROM relay_events");
});
afterAll(async () => {
  await relay?.dispose();
  await twilio?.close();
});

function puller(options: { fetch?: typeof fetch; request?: AppRequest<RelayBindings> } = {}): RelayPuller {
  const p = home.puller(options);
  pullers.push(p);
  return p;
}

const pending = () => relay.query<{ id: string }>("SELECT id FROM relay_events WHERE acked_at IS NULL");
/** Home's own record of the provider events it acted on: one row per event however often it arrived. */
const eventsSeen = () => home.deps.db.select({ provider: webhookEvents.provider, eventId: webhookEvents.eventId }).from(webhookEvents).all();
const statusAudit = (messageId: string) =>
  home.deps.db.select().from(auditEvents).where(eq(auditEvents.subjectId, messageId)).orderBy(auditEvents.id).all().map((a) => a.detail?.status);

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 8_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe("relay to the home server", () => {
  it("delivers signed Twilio and Seam webhooks home, where each re-verifies and is processed once", async () => {
    const callbacks = await twilioStatusCallbacks(twilio, relay.url);
    const sid = callbacks[0]!.params.MessageSid!;
    const messageId = home.addTwilioMessage(sid, "queued");
    for (const cb of callbacks) await twilio.deliverCallback(cb);
    await twilio.deliverCallback(callbacks[0]!); // Twilio retrying the first one
    const inbound = await twilio.sendInbound(`${relay.url}webhooks/twilio/inbound`, { From: "+15550002222", To: "+15005550006", Body: "START" });
    const seam = seamWebhook(relay.seamSecret);
    await postSeam(relay.url, seam);
    await postSeam(relay.url, seam);

    const p = puller();
    expect(await p.pullOnce(undefined, 0)).toEqual({ dispatched: 5, skipped: 0 });
    expect(await p.pullOnce(undefined, 0)).toEqual({ dispatched: 0, skipped: 0 });

    expect(home.answers.map((a) => [a.path, a.status])).toEqual([
      ["/webhooks/twilio/status", 204],
      ["/webhooks/twilio/status", 204],
      ["/webhooks/twilio/status", 204],
      ["/webhooks/twilio/inbound", 200],
      ["/webhooks/seam", 200],
    ]);
    expect(home.answers.at(-1)!.outcome).toBe("ignored"); // verified and recorded; this code is on no lock of ours
    expect(eventsSeen()).toEqual(expect.arrayContaining([
      { provider: "twilio", eventId: `${sid}_queued` },
      { provider: "twilio", eventId: `${sid}_sent` },
      { provider: "twilio", eventId: `${sid}_delivered` },
      { provider: "twilio-inbound", eventId: inbound.params.MessageSid },
      { provider: "seam", eventId: seam.id },
    ]));
    expect(eventsSeen()).toHaveLength(5);
    expect(home.message(messageId).status).toBe("delivered");
    expect(await pending()).toEqual([]);
    // Delivered payloads are dropped at the edge; only the id stays to recognise a late replay.
    expect(await relay.query("SELECT body FROM relay_events WHERE body != ''")).toEqual([]);
  });

  it("keeps events while home is down and delivers them, in order, when it comes back", async () => {
    const callbacks = await twilioStatusCallbacks(twilio, relay.url);
    const messageId = home.addTwilioMessage(callbacks[0]!.params.MessageSid!, "queued");
    for (const cb of callbacks) await twilio.deliverCallback(cb);
    expect(await pending()).toHaveLength(3);

    const p = puller();
    p.start();
    await until(async () => (await pending()).length === 0);
    // Statuses only move forward, so `sent` is applied (and audited) only if it arrived before `delivered`.
    expect(statusAudit(messageId)).toEqual(["sent", "delivered"]);
    expect(home.message(messageId).status).toBe("delivered");

    // While connected, a new webhook arrives home within the long-poll.
    const seam = seamWebhook(relay.seamSecret);
    await postSeam(relay.url, seam);
    await until(() => home.answers.length === 4);
    expect(home.answers[3]).toEqual({ path: "/webhooks/seam", status: 200, outcome: "ignored" });
    expect(eventsSeen()).toContainEqual({ provider: "seam", eventId: seam.id });
  });

  it("processes an event once when its ack was lost and home restarted", async () => {
    const seam = seamWebhook(relay.seamSecret);
    await postSeam(relay.url, seam);
    const dropAcks: typeof fetch = async (input, init) => {
      if (String(input).includes("/relay/ack")) throw new TypeError("connection reset");
      return fetch(input, init);
    };
    const first = puller({ fetch: dropAcks });
    await expect(first.pullOnce(undefined, 0)).rejects.toThrow("connection reset");
    expect(home.answers.map((a) => a.outcome)).toEqual(["ignored"]);
    expect(await pending()).toHaveLength(1);

    // A restarted puller has no memory: the relay redelivers and the Seam route's own svix-id dedupe absorbs it.
    const restarted = puller();
    expect(await restarted.pullOnce(undefined, 0)).toEqual({ dispatched: 1, skipped: 0 });
    expect(home.answers.map((a) => a.outcome)).toEqual(["ignored", "duplicate"]);
    expect(eventsSeen()).toEqual([{ provider: "seam", eventId: seam.id }]);
    expect(await pending()).toEqual([]);
  });

  it("retries an event home failed to process, without acknowledging it meanwhile", async () => {
    const seam = seamWebhook(relay.seamSecret);
    await postSeam(relay.url, seam);
    let failures = 1;
    const request: AppRequest<RelayBindings> = (path, init, env) =>
      failures-- > 0 ? new Response("database is locked", { status: 503 }) : home.request(path, init, env);
    const p = puller({ request });

    await expect(p.pullOnce(undefined, 0)).rejects.toThrow("HTTP 503");
    expect(await pending()).toHaveLength(1);
    expect(home.answers).toEqual([]);
    expect(await p.pullOnce(undefined, 0)).toEqual({ dispatched: 1, skipped: 0 });
    expect(home.answers).toEqual([{ path: "/webhooks/seam", status: 200, outcome: "ignored" }]);
    expect(eventsSeen()).toEqual([{ provider: "seam", eventId: seam.id }]);
    expect(await pending()).toEqual([]);
  });

  it("backs off while the relay is unreachable and catches up when it returns", async () => {
    const seam = seamWebhook(relay.seamSecret);
    await postSeam(relay.url, seam);
    let down = true;
    let attempts = 0;
    const flakyNetwork: typeof fetch = async (input, init) => {
      attempts += 1;
      if (down) throw new TypeError("fetch failed: ECONNREFUSED");
      return fetch(input, init);
    };
    const p = puller({ fetch: flakyNetwork });
    p.start();
    await new Promise((r) => setTimeout(r, 500));
    // 20 ms doubling to a 100 ms ceiling with jitter allows at most ~12 tries in 500 ms; a busy loop makes thousands.
    expect(attempts).toBeGreaterThanOrEqual(3);
    expect(attempts).toBeLessThanOrEqual(15);
    expect(p.status().consecutiveFailures).toBeGreaterThan(0);
    expect(home.answers).toEqual([]);

    down = false;
    await until(() => home.answers.length === 1);
    await until(async () => (await pending()).length === 0);
    expect(eventsSeen()).toEqual([{ provider: "seam", eventId: seam.id }]);
    // The edge commits the ack before the puller reads its answer, so the count resets a moment after.
    await until(() => p.status().consecutiveFailures === 0);
  });
});
