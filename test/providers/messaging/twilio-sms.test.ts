import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DeliveryError } from "../../../src/providers/sms/types";
import { createTwilioSmsSender } from "../../../src/providers/sms/twilio-sms";
import { TwilioEmulator } from "../../peers/twilio-emulator";

const GUEST = "+14155550123";

async function sendFailure(send: () => Promise<unknown>): Promise<DeliveryError> {
  const error = await send().then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(DeliveryError);
  // Twilio's own error text quotes the number; ours must never carry it.
  expect((error as DeliveryError).message).not.toContain(GUEST.slice(2));
  expect(JSON.stringify(error)).not.toContain(GUEST.slice(2));
  return error as DeliveryError;
}

describe("Twilio SMS through the real SDK against the loopback emulator", () => {
  let twilio: TwilioEmulator;
  let sender: ReturnType<typeof createTwilioSmsSender>;

  beforeAll(async () => {
    twilio = await TwilioEmulator.start();
    sender = createTwilioSmsSender({
      accountSid: twilio.accountSid,
      authToken: twilio.authToken,
      from: "+15005550006",
      apiBaseUrl: twilio.baseUrl,
    });
  });
  afterAll(() => twilio.close());

  it("sends a message and returns Twilio's sid with status queued", async () => {
    const result = await sender.send({ to: GUEST, body: "Your door code is 4821", idempotencyKey: "idem_1" });
    expect(result.providerId).toMatch(/^SM[0-9a-f]{32}$/);
    expect(result.status).toBe("queued");
    const stored = twilio.sent().find((m) => m.sid === result.providerId);
    expect(stored).toMatchObject({ to: GUEST, from: "+15005550006", body: "Your door code is 4821" });
  });

  it("sends through a Messaging Service, whose accepted status reads as queued", async () => {
    const viaService = createTwilioSmsSender({
      accountSid: twilio.accountSid,
      authToken: twilio.authToken,
      messagingServiceSid: "MG" + "a".repeat(32),
      apiBaseUrl: twilio.baseUrl,
    });
    const result = await viaService.send({ to: GUEST, body: "hello", idempotencyKey: "idem_2" });
    expect(result.status).toBe("queued");
    expect(twilio.sent().at(-1)).toMatchObject({ messagingServiceSid: "MG" + "a".repeat(32), from: null, status: "accepted" });
  });

  it("reports an invalid number (21211) as invalid_recipient, not retryable", async () => {
    twilio.invalid(GUEST);
    const error = await sendFailure(() => sender.send({ to: GUEST, body: "x", idempotencyKey: "idem_3" }));
    expect(error).toMatchObject({ kind: "invalid_recipient", code: "21211", provider: "twilio" });
    expect(error.retryable).toBe(false);
  });

  it("reports an opted-out recipient (21610) as opted_out", async () => {
    twilio.optOut("+14155550124");
    const error = await sendFailure(() => sender.send({ to: "+14155550124", body: "x", idempotencyKey: "idem_4" }));
    expect(error).toMatchObject({ kind: "opted_out", code: "21610" });
  });

  it("reports a landline (21614) as invalid_recipient", async () => {
    twilio.notMobile("+14155550125");
    const error = await sendFailure(() => sender.send({ to: "+14155550125", body: "x", idempotencyKey: "idem_5" }));
    expect(error).toMatchObject({ kind: "invalid_recipient", code: "21614" });
  });

  it("reports 429 as rate_limited with the server's Retry-After, or a default when it sends none", async () => {
    twilio.failNext(1, 429, { retryAfterSeconds: 2 });
    const told = await sendFailure(() => sender.send({ to: "+14155550126", body: "x", idempotencyKey: "idem_6" }));
    expect(told).toMatchObject({ kind: "rate_limited", code: "20429", retryAfterMs: 2000 });
    expect(told.retryable).toBe(true);

    twilio.failNext(1, 429);
    const untold = await sendFailure(() => sender.send({ to: "+14155550126", body: "x", idempotencyKey: "idem_6" }));
    expect(untold).toMatchObject({ kind: "rate_limited", retryAfterMs: 1000 });
  });

  it("reports a 500 as transient and succeeds on the next attempt", async () => {
    twilio.failNext(1, 500);
    const error = await sendFailure(() => sender.send({ to: "+14155550127", body: "x", idempotencyKey: "idem_7" }));
    expect(error).toMatchObject({ kind: "transient", code: "20500" });
    expect(error.retryable).toBe(true);
    await expect(sender.send({ to: "+14155550127", body: "x", idempotencyKey: "idem_7" })).resolves.toMatchObject({ status: "queued" });
  });

  it("reports wrong credentials as auth without echoing the token", async () => {
    const wrong = createTwilioSmsSender({
      accountSid: twilio.accountSid,
      authToken: "not-the-token",
      from: "+15005550006",
      apiBaseUrl: twilio.baseUrl,
    });
    const error = await sendFailure(() => wrong.send({ to: GUEST, body: "x", idempotencyKey: "idem_8" }));
    expect(error).toMatchObject({ kind: "auth", code: "20003" });
    expect(error.message).not.toContain("not-the-token");
  });

  it("reports an unreachable API as transient", async () => {
    const down = await TwilioEmulator.start();
    const baseUrl = down.baseUrl;
    await down.close();
    const unreachable = createTwilioSmsSender({ accountSid: twilio.accountSid, authToken: twilio.authToken, from: "+15005550006", apiBaseUrl: baseUrl });
    const error = await sendFailure(() => unreachable.send({ to: GUEST, body: "x", idempotencyKey: "idem_9" }));
    expect(error.kind).toBe("transient");
  });
});
