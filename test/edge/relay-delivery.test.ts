import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "../../src/lib/clock";
import { silentLogger } from "../../src/lib/logger";
import { createRelayPuller, dispatchToApp, type AppRequest, type RelayEvent, type RelayPuller } from "../../src/services/relay";
import { TwilioEmulator } from "../peers/twilio-emulator";
import { createHomeWebhooks, type HomeEnv } from "./home-webhooks";
import { startEdgeRelay, type EdgeRelay } from "./relay-harness";
import { postSeam, seamWebhook, twilioStatusCallbacks } from "./senders";

let relay: EdgeRelay;
let twilio: TwilioEmulator;
const pullers: RelayPuller[] = [];

beforeAll(async () => {
  twilio = await TwilioEmulator.start({ callbacks: "manual" });
  relay = await startEdgeRelay({ bindings: { TWILIO_AUTH_TOKEN: twilio.authToken } });
});
afterEach(async () => {
  await Promise.all(pullers.splice(0).map((p) => p.stop()));
  // Each test starts from an empty relay, as a fresh deployment would.
  await relay.query("DELETE FROM relay_events");
});
afterAll(async () => {
  await relay?.dispose();
  await twilio?.close();
});

function homeAndPuller(options: { fetch?: typeof fetch; home?: ReturnType<typeof createHomeWebhooks>; request?: AppRequest<HomeEnv["Bindings"]> } = {}) {
  const home = options.home ?? createHomeWebhooks({ relayUrl: relay.url, twilioAuthToken: twilio.authToken, seamSecret: relay.seamSecret });
  const dispatch = dispatchToApp(options.request ?? home.app.request, (event: RelayEvent) => ({ relayReceivedAt: event.receivedAt }));
  const puller = createRelayPuller({
    relayUrl: relay.url,
    token: relay.token,
    dispatch,
    clock: systemClock,
    logger: silentLogger,
    fetch: options.fetch,
    waitSeconds: 1,
    backoff: { initialMs: 20, maxMs: 100 },
  });
  pullers.push(puller);
  return { home, puller };
}

const pending = () => relay.query<{ id: string }>("SELECT id FROM relay_events WHERE acked_at IS NULL");

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
    for (const cb of callbacks) await twilio.deliverCallback(cb);
    await twilio.deliverCallback(callbacks[0]!); // Twilio retrying the first one
    const inbound = await twilio.sendInbound(`${relay.url}webhooks/twilio/inbound`, { From: "+15550002222", To: "+15005550006", Body: "START" });
    const seam = seamWebhook(relay.seamSecret);
    await postSeam(relay.url, seam);
    await postSeam(relay.url, seam);

    const { home, puller } = homeAndPuller();
    expect(await puller.pullOnce(undefined, 0)).toEqual({ dispatched: 5, skipped: 0 });
    expect(await puller.pullOnce(undefined, 0)).toEqual({ dispatched: 0, skipped: 0 });

    const sid = callbacks[0]!.params.MessageSid;
    expect(home.refused).toEqual([]);
    expect(home.processed.map((p) => p.eventId)).toEqual([`${sid}:queued`, `${sid}:sent`, `${sid}:delivered`, inbound.params.MessageSid, seam.id]);
    expect(home.processed.at(-1)!.body).toBe(seam.body);
    expect(await pending()).toEqual([]);
    // Delivered payloads are dropped at the edge; only the id stays to recognise a late replay.
    expect(await relay.query("SELECT body FROM relay_events WHERE body != ''")).toEqual([]);
  });

  it("keeps events while home is down and delivers them, in order, when it comes back", async () => {
    const callbacks = await twilioStatusCallbacks(twilio, relay.url);
    for (const cb of callbacks) await twilio.deliverCallback(cb);
    expect(await pending()).toHaveLength(3);

    const { home, puller } = homeAndPuller();
    puller.start();
    await until(() => home.processed.length === 3);
    await until(async () => (await pending()).length === 0);
    expect(home.processed.map((p) => p.eventId.split(":")[1])).toEqual(["queued", "sent", "delivered"]);

    // While connected, a new webhook arrives home within the long-poll.
    const seam = seamWebhook(relay.seamSecret);
    await postSeam(relay.url, seam);
    await until(() => home.processed.length === 4);
    expect(home.processed[3]!.eventId).toBe(seam.id);
  });

  it("processes an event once when its ack was lost and home restarted", async () => {
    const seam = seamWebhook(relay.seamSecret);
    await postSeam(relay.url, seam);
    const dropAcks: typeof fetch = async (input, init) => {
      if (String(input).includes("/relay/ack")) throw new TypeError("connection reset");
      return fetch(input, init);
    };
    const first = homeAndPuller({ fetch: dropAcks });
    await expect(first.puller.pullOnce(undefined, 0)).rejects.toThrow("connection reset");
    expect(first.home.processed).toHaveLength(1);
    expect(await pending()).toHaveLength(1);

    // A restarted puller has no memory: the relay redelivers and home's own event-id dedupe absorbs it.
    const restarted = homeAndPuller({ home: first.home });
    expect(await restarted.puller.pullOnce(undefined, 0)).toEqual({ dispatched: 1, skipped: 0 });
    expect(first.home.processed).toHaveLength(1);
    expect(await pending()).toEqual([]);
  });

  it("retries an event home failed to process, without acknowledging it meanwhile", async () => {
    const seam = seamWebhook(relay.seamSecret);
    await postSeam(relay.url, seam);
    let failures = 1;
    const home = createHomeWebhooks({ relayUrl: relay.url, twilioAuthToken: twilio.authToken, seamSecret: relay.seamSecret });
    const request: AppRequest<HomeEnv["Bindings"]> = (path, init, env) =>
      failures-- > 0 ? new Response("database is locked", { status: 503 }) : home.app.request(path, init, env);
    const { puller } = homeAndPuller({ home, request });

    await expect(puller.pullOnce(undefined, 0)).rejects.toThrow("HTTP 503");
    expect(await pending()).toHaveLength(1);
    expect(await puller.pullOnce(undefined, 0)).toEqual({ dispatched: 1, skipped: 0 });
    expect(home.processed.map((p) => p.eventId)).toEqual([seam.id]);
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
    const { home, puller } = homeAndPuller({ fetch: flakyNetwork });
    puller.start();
    await new Promise((r) => setTimeout(r, 500));
    // 20 ms doubling to a 100 ms ceiling with jitter allows at most ~12 tries in 500 ms; a busy loop makes thousands.
    expect(attempts).toBeGreaterThanOrEqual(3);
    expect(attempts).toBeLessThanOrEqual(15);
    expect(puller.status().consecutiveFailures).toBeGreaterThan(0);
    expect(home.processed).toEqual([]);

    down = false;
    await until(() => home.processed.length === 1);
    await until(async () => (await pending()).length === 0);
    expect(puller.status().consecutiveFailures).toBe(0);
  });
});
