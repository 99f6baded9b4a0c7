import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { verifyTwilioSignature } from "../../../src/lib/webhooks/twilio-signature";
import { createTwilioSmsSender } from "../../../src/providers/sms/twilio-sms";
import { parseTwilioStatusCallback } from "../../../src/providers/sms/twilio-status";
import { TwilioEmulator, type TwilioEmulatorOptions } from "../../peers/twilio-emulator";
import { WebhookSink, type ReceivedWebhook } from "./webhook-sink";

let sink: WebhookSink;
let twilio: TwilioEmulator | undefined;
beforeAll(async () => {
  sink = await WebhookSink.start();
});
afterEach(async () => {
  await twilio?.close();
  twilio = undefined;
  sink.received.length = 0;
});
afterAll(() => sink.close());

async function setUp(options: TwilioEmulatorOptions = {}) {
  twilio = await TwilioEmulator.start(options);
  const sender = createTwilioSmsSender({ accountSid: twilio.accountSid, authToken: twilio.authToken, from: "+15005550006", apiBaseUrl: twilio.baseUrl });
  return { twilio, sender, statusUrl: `${sink.baseUrl}/webhooks/twilio/status` };
}

function verified(hook: ReceivedWebhook, authToken: string, url = hook.url): boolean {
  return verifyTwilioSignature({ authToken, url, params: new URLSearchParams(hook.rawBody), signature: hook.headers["x-twilio-signature"] });
}
const statusOf = (hook: ReceivedWebhook) => parseTwilioStatusCallback(new URLSearchParams(hook.rawBody));

describe("Twilio status callbacks from the emulator", () => {
  it("posts queued, sent, delivered, each signed so our verifier accepts it on the configured URL", async () => {
    const { twilio, sender, statusUrl } = await setUp();
    const { providerId } = await sender.send({ to: "+14155550123", body: "code 4821", idempotencyKey: "idem_1", statusCallbackUrl: statusUrl });
    await twilio.idle();
    expect(sink.received.map((hook) => statusOf(hook)?.twilioStatus)).toEqual(["queued", "sent", "delivered"]);
    for (const hook of sink.received) {
      expect(verified(hook, twilio.authToken, statusUrl)).toBe(true);
      expect(statusOf(hook)?.providerId).toBe(providerId);
    }
    expect(statusOf(sink.received[2]!)?.status).toBe("delivered");
  });

  it("rejects a forged body, a wrong URL and a signature made with another token", async () => {
    const { twilio, sender, statusUrl } = await setUp();
    await sender.send({ to: "+14155550123", body: "code 4821", idempotencyKey: "idem_2", statusCallbackUrl: statusUrl });
    await twilio.idle();
    const hook = sink.received[0]!;
    const forged = { ...hook, rawBody: hook.rawBody.replace("MessageStatus=queued", "MessageStatus=failed") };
    expect(forged.rawBody).not.toBe(hook.rawBody);
    expect(verified(forged, twilio.authToken, statusUrl)).toBe(false);
    expect(verified(hook, twilio.authToken, "https://staykey.example/webhooks/twilio/status")).toBe(false);
    expect(verified(hook, "a".repeat(32), statusUrl)).toBe(false);
    const { ["x-twilio-signature"]: _omit, ...unsigned } = hook.headers;
    expect(verified({ ...hook, headers: unsigned }, twilio.authToken, statusUrl)).toBe(false);
  });

  it("reports undelivered with the carrier error code and how to treat it", async () => {
    const { twilio, sender, statusUrl } = await setUp();
    twilio.outcomeFor("+14155550199", { final: "undelivered", errorCode: 30006 });
    await sender.send({ to: "+14155550199", body: "code", idempotencyKey: "idem_3", statusCallbackUrl: statusUrl });
    await twilio.idle();
    expect(statusOf(sink.received.at(-1)!)).toMatchObject({ twilioStatus: "undelivered", status: "failed", errorCode: "30006", failureKind: "invalid_recipient" });
  });

  it("can send callbacks out of order, delayed, or replayed with the same signature and idempotency token", async () => {
    const { twilio, sender, statusUrl } = await setUp({ callbacks: "manual", callbackOrder: "reverse" });
    const { providerId } = await sender.send({ to: "+14155550123", body: "code", idempotencyKey: "idem_4", statusCallbackUrl: statusUrl });
    expect(sink.received).toHaveLength(0);
    const callbacks = twilio.takeCallbacks(providerId);
    expect(callbacks.map((cb) => cb.params.MessageStatus)).toEqual(["delivered", "sent", "queued"]);
    for (const callback of callbacks) expect(await twilio.deliverCallback(callback)).toBe(204);
    await twilio.deliverCallback(callbacks[0]!);

    const [first, , , replay] = sink.received;
    expect(replay!.rawBody).toBe(first!.rawBody);
    expect(replay!.headers["i-twilio-idempotency-token"]).toBe(first!.headers["i-twilio-idempotency-token"]);
    // A valid signature does not make a request fresh: the route must dedupe on the token or sid + status.
    expect(verified(replay!, twilio.authToken, statusUrl)).toBe(true);
  });

  it("delays auto callbacks when asked", async () => {
    const { twilio, sender, statusUrl } = await setUp({ callbackDelayMs: 40 });
    await sender.send({ to: "+14155550123", body: "code", idempotencyKey: "idem_5", statusCallbackUrl: statusUrl });
    expect(sink.received).toHaveLength(0);
    await twilio.idle();
    expect(sink.received).toHaveLength(3);
  });

  it("posts signed inbound STOP and START, and honours them on the next send", async () => {
    const { twilio, sender } = await setUp();
    const inboundUrl = `${sink.baseUrl}/webhooks/twilio/inbound`;
    const stop = await twilio.sendInbound(inboundUrl, { From: "+14155550123", To: "+15005550006", Body: "stop" });
    expect(stop).toMatchObject({ status: 204, params: { OptOutType: "STOP", Body: "stop" } });
    expect(verified(sink.received[0]!, twilio.authToken, inboundUrl)).toBe(true);
    await expect(sender.send({ to: "+14155550123", body: "x", idempotencyKey: "idem_6" })).rejects.toMatchObject({ kind: "opted_out" });

    await twilio.sendInbound(inboundUrl, { From: "+14155550123", To: "+15005550006", Body: "START" });
    expect(new URLSearchParams(sink.received[1]!.rawBody).get("OptOutType")).toBe("START");
    await expect(sender.send({ to: "+14155550123", body: "x", idempotencyKey: "idem_7" })).resolves.toMatchObject({ status: "queued" });
  });
});
