import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeTwilioSignature } from "../../src/lib/webhooks/twilio-signature";
import { TwilioEmulator } from "../peers/twilio-emulator";
import { startEdgeRelay, type EdgeRelay } from "./relay-harness";
import { postSeam, seamWebhook, twilioStatusCallbacks } from "./senders";

let relay: EdgeRelay;
let twilio: TwilioEmulator;

beforeAll(async () => {
  twilio = await TwilioEmulator.start({ callbacks: "manual" });
  relay = await startEdgeRelay({ bindings: { TWILIO_AUTH_TOKEN: twilio.authToken } });
});
afterAll(async () => {
  await relay?.dispose();
  await twilio?.close();
});

const storedFor = (providerEventId: string) =>
  relay.query<{ source: string; headers: string; body: string }>("SELECT source, headers, body FROM relay_events WHERE provider_event_id = ?", providerEventId);

describe("Twilio webhooks at the edge", () => {
  it("stores a status callback signed by Twilio with the headers home needs to re-verify it", async () => {
    const [queued] = await twilioStatusCallbacks(twilio, relay.url);
    expect(await twilio.deliverCallback(queued!)).toBe(204);

    const rows = await storedFor(`${queued!.params.MessageSid}:queued`);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.source).toBe("twilio-status");
    expect(JSON.parse(rows[0]!.headers)).toMatchObject({ "x-twilio-signature": queued!.headers["X-Twilio-Signature"] });
    expect(new URLSearchParams(rows[0]!.body).get("MessageStatus")).toBe("queued");
  });

  it("stores an inbound text and answers Twilio with empty TwiML at once", async () => {
    const { status, params } = await twilio.sendInbound(`${relay.url}webhooks/twilio/inbound`, { From: "+15550001111", To: "+15005550006", Body: "STOP" });
    expect(status).toBe(200);
    expect(await storedFor(params.MessageSid!)).toHaveLength(1);
  });

  it("refuses a forged signature and a tampered body, storing nothing", async () => {
    const params = { MessageSid: "SM00000000000000000000000000000001", MessageStatus: "delivered", To: "+15557654321" };
    const url = `${relay.url}webhooks/twilio/status`;
    const forged = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": computeTwilioSignature("not-the-token", url, params) },
      body: new URLSearchParams(params),
    });
    expect(forged.status).toBe(403);

    const signature = computeTwilioSignature(twilio.authToken, url, params);
    const tampered = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature },
      body: new URLSearchParams({ ...params, MessageStatus: "failed" }),
    });
    expect(tampered.status).toBe(403);
    expect(await relay.query("SELECT seq FROM relay_events WHERE provider_event_id LIKE 'SM00000000000000000000000000000001%'")).toHaveLength(0);
  });

  it("answers a replayed callback like the first time but stores it once", async () => {
    const [, sent] = await twilioStatusCallbacks(twilio, relay.url);
    expect(await twilio.deliverCallback(sent!)).toBe(204);
    const replay = await fetch(sent!.url, { method: "POST", headers: sent!.headers, body: new URLSearchParams(sent!.params) });
    expect(replay.status).toBe(204);
    expect(replay.headers.get("x-relay-duplicate")).toBe("true");
    expect(await storedFor(`${sent!.params.MessageSid}:sent`)).toHaveLength(1);
  });
});

describe("Seam webhooks at the edge", () => {
  it("stores an event with a valid Svix signature", async () => {
    const hook = seamWebhook(relay.seamSecret);
    expect((await postSeam(relay.url, hook)).status).toBe(204);
    const rows = await storedFor(hook.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.body).toBe(hook.body);
    expect(JSON.parse(rows[0]!.headers)).toEqual({
      "content-type": "application/json",
      "svix-id": hook.id,
      "svix-timestamp": hook.headers["svix-timestamp"],
      "svix-signature": hook.headers["svix-signature"],
    });
  });

  it("refuses an event signed with another secret", async () => {
    const hook = seamWebhook(`whsec_${Buffer.from("someone else's secret").toString("base64")}`);
    expect((await postSeam(relay.url, hook)).status).toBe(403);
    expect(await storedFor(hook.id)).toHaveLength(0);
  });

  it("refuses a captured event replayed after the five-minute window", async () => {
    const hook = seamWebhook(relay.seamSecret, { sentAt: new Date(Date.now() - 6 * 60_000) });
    const response = await postSeam(relay.url, hook);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: "timestamp_out_of_range" });
    expect(await storedFor(hook.id)).toHaveLength(0);
  });

  it("stores a redelivery with the same svix-id once", async () => {
    const hook = seamWebhook(relay.seamSecret);
    expect((await postSeam(relay.url, hook)).status).toBe(204);
    const again = await postSeam(relay.url, hook);
    expect(again.status).toBe(204);
    expect(again.headers.get("x-relay-duplicate")).toBe("true");
    expect(await storedFor(hook.id)).toHaveLength(1);
  });
});

describe("request limits", () => {
  it("refuses a body over 64 KB, declared or streamed, without storing it", async () => {
    const big = seamWebhook(relay.seamSecret);
    const padded = JSON.stringify({ pad: "x".repeat(70 * 1024) });
    const declared = await fetch(`${relay.url}webhooks/seam`, { method: "POST", headers: { ...big.headers }, body: padded });
    expect(declared.status).toBe(413);

    const chunk = new TextEncoder().encode("x".repeat(16 * 1024));
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 5; i++) controller.enqueue(chunk);
        controller.close();
      },
    });
    const streamed = await fetch(`${relay.url}webhooks/seam`, { method: "POST", headers: big.headers, body: stream, duplex: "half" } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(await storedFor(big.id)).toHaveLength(0);
  });

  it("lets only the holder of the relay token pull events", async () => {
    const none = await fetch(`${relay.url}relay/events`);
    const wrong = await fetch(`${relay.url}relay/events`, { headers: { authorization: "Bearer not-the-token" } });
    const right = await fetch(`${relay.url}relay/events?wait=0`, { headers: { authorization: `Bearer ${relay.token}` } });
    expect([none.status, wrong.status, right.status]).toEqual([401, 401, 200]);
  });
});
