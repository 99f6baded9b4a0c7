import { describe, expect, it } from "vitest";
import { computeSvixSignature, svixKey, verifySvix } from "../../src/edge/crypto/svix";
import { computeTwilioSignature as edgeTwilio, verifyTwilioSignature as edgeVerifyTwilio } from "../../src/edge/crypto/twilio-signature";
import { ManualClock } from "../../src/lib/clock";
import { signSvix, verifySvix as nodeVerifySvix } from "../../src/lib/webhooks/svix";
import { computeTwilioSignature as nodeTwilio } from "../../src/lib/webhooks/twilio-signature";

// The edge verifies on Web Crypto, home re-verifies on node:crypto: both must agree on every request.
describe("edge signatures match the home server's", () => {
  const url = "https://relay.example.com/webhooks/twilio/status?account=1";
  const cases: Array<[string, URLSearchParams]> = [
    ["plain status callback", new URLSearchParams({ MessageSid: "SM1", MessageStatus: "delivered", To: "+15551234567" })],
    ["repeated keys and duplicate values", new URLSearchParams([["b", "2"], ["a", "z"], ["a", "y"], ["a", "z"]])],
    ["unicode and code-unit ordering", new URLSearchParams([["Body", "Olá 👋 ça"], ["body", "x"], ["Z", ""], ["_", "1"]])],
    ["no parameters", new URLSearchParams()],
  ];

  it.each(cases)("computes the same Twilio signature for %s", async (_name, params) => {
    const token = "12345678901234567890123456789012";
    const expected = nodeTwilio(token, url, params);
    expect(await edgeTwilio(token, url, params)).toBe(expected);
    expect(await edgeVerifyTwilio({ authToken: token, url, params, signature: expected })).toBe(true);
    expect(await edgeVerifyTwilio({ authToken: token, url: url.replace("?account=1", ""), params, signature: expected })).toBe(false);
  });

  it("accepts what the Node signer signs for Svix and agrees on the signature bytes", async () => {
    const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const sentAt = new Date("2026-03-28T01:30:00Z");
    const body = '{"event_type":"access_code.set_on_device","data":{"pin":"never logged"}}';
    const headers = signSvix({ secret, id: "msg_1", timestamp: sentAt, rawBody: body });
    const edgeSignature = await computeSvixSignature(svixKey(secret)!, "msg_1", headers["svix-timestamp"], body);
    expect(`v1,${edgeSignature}`).toBe(headers["svix-signature"]);

    const nowMs = sentAt.getTime() + 60_000;
    expect(await verifySvix({ secret, headers: new Headers(headers), rawBody: body, nowMs })).toEqual({ ok: true, id: "msg_1" });
    expect(nodeVerifySvix({ secret, headers: new Headers(headers), rawBody: body, clock: new ManualClock(nowMs) }).ok).toBe(true);
  });

  it("refuses Svix signatures from another secret, tampered bodies and stale timestamps", async () => {
    const secret = `whsec_${btoa("the endpoint's secret")}`;
    const sentAt = new Date("2026-03-28T01:30:00Z");
    const body = '{"event_type":"lock.unlocked"}';
    const headers = new Headers(signSvix({ secret, id: "msg_2", timestamp: sentAt, rawBody: body }));
    const nowMs = sentAt.getTime();
    expect(await verifySvix({ secret: `whsec_${btoa("another")}`, headers, rawBody: body, nowMs })).toEqual({ ok: false, reason: "no_matching_signature" });
    expect(await verifySvix({ secret, headers, rawBody: `${body} `, nowMs })).toEqual({ ok: false, reason: "no_matching_signature" });
    expect(await verifySvix({ secret, headers, rawBody: body, nowMs: nowMs + 5 * 60_000 + 1_000 })).toEqual({ ok: false, reason: "timestamp_out_of_range" });
    // During a secret rotation Svix sends several entries; any one matching is enough.
    const rotated = new Headers(headers);
    rotated.set("svix-signature", `v1,bm90IGl0 ${headers.get("svix-signature")}`);
    expect((await verifySvix({ secret, headers: rotated, rawBody: body, nowMs })).ok).toBe(true);
  });
});
