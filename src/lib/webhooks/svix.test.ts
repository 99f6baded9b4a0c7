import { describe, expect, it } from "vitest";
import { ManualClock } from "../clock";
import { signSvix, verifySvix } from "./svix";

// The worked example from Svix's "verifying webhooks manually" documentation.
const docsSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const docsHeaders = {
  "svix-id": "msg_p5jXN8AQM9LWM0D4loKWxJek",
  "svix-timestamp": "1614265330",
  "svix-signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
};
const docsBody = '{"test": 2432232314}';
const docsTime = new ManualClock(1614265330 * 1000);

const secret = "whsec_" + Buffer.from("staykey-test-secret-32-bytes-long!").toString("base64");
const clock = new ManualClock("2025-03-30T01:30:00Z");
const body = JSON.stringify({ event_type: "device.low_battery", device_id: "dev_1" });
const signed = () => signSvix({ secret, id: "msg_1", timestamp: clock.now(), rawBody: body });

describe("Svix webhook signatures", () => {
  it("accepts the example from Svix's documentation", () => {
    const result = verifySvix({ secret: docsSecret, headers: docsHeaders, rawBody: docsBody, clock: docsTime });
    expect(result).toEqual({ ok: true, id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: new Date(1614265330 * 1000) });
  });

  it("accepts what signSvix produces, from fetch Headers or a plain record, string or bytes", () => {
    expect(verifySvix({ secret, headers: new Headers(signed()), rawBody: body, clock }).ok).toBe(true);
    expect(verifySvix({ secret, headers: signed(), rawBody: new TextEncoder().encode(body), clock }).ok).toBe(true);
  });

  it("rejects a tampered body", () => {
    const result = verifySvix({ secret, headers: signed(), rawBody: body.replace("dev_1", "dev_2"), clock });
    expect(result).toEqual({ ok: false, reason: "no_matching_signature" });
  });

  it("rejects a signature made with another secret", () => {
    const other = "whsec_" + Buffer.from("someone-else").toString("base64");
    const headers = signSvix({ secret: other, id: "msg_1", timestamp: clock.now(), rawBody: body });
    expect(verifySvix({ secret, headers, rawBody: body, clock })).toEqual({ ok: false, reason: "no_matching_signature" });
  });

  it("rejects a request older than five minutes and accepts one just inside the window", () => {
    const headers = signed();
    const later = new ManualClock(clock.now());
    later.advance(5 * 60 * 1000);
    expect(verifySvix({ secret, headers, rawBody: body, clock: later }).ok).toBe(true);
    later.advance(1000);
    expect(verifySvix({ secret, headers, rawBody: body, clock: later })).toEqual({ ok: false, reason: "timestamp_too_old" });
  });

  it("rejects a timestamp from the future beyond the tolerance", () => {
    const headers = signSvix({ secret, id: "msg_1", timestamp: new Date(clock.now().getTime() + 6 * 60 * 1000), rawBody: body });
    expect(verifySvix({ secret, headers, rawBody: body, clock })).toEqual({ ok: false, reason: "timestamp_too_new" });
  });

  it("accepts a header carrying several signatures when any v1 entry matches (secret rotation)", () => {
    const headers = signed();
    const other = "whsec_" + Buffer.from("old-secret").toString("base64");
    const stale = signSvix({ secret: other, id: "msg_1", timestamp: clock.now(), rawBody: body })["svix-signature"];
    const rotated = { ...headers, "svix-signature": `${stale} v1a,c29tZWVkMjU1MTk= ${headers["svix-signature"]}` };
    expect(verifySvix({ secret, headers: rotated, rawBody: body, clock }).ok).toBe(true);
    const onlyStale = { ...headers, "svix-signature": `${stale} v2,${headers["svix-signature"].slice(3)}` };
    expect(verifySvix({ secret, headers: onlyStale, rawBody: body, clock }).ok).toBe(false);
  });

  it("rejects missing headers, a malformed timestamp and a malformed secret", () => {
    const { "svix-signature": _omit, ...partial } = signed();
    expect(verifySvix({ secret, headers: partial, rawBody: body, clock })).toEqual({ ok: false, reason: "missing_headers" });
    expect(verifySvix({ secret, headers: { ...signed(), "svix-timestamp": "soon" }, rawBody: body, clock })).toEqual({
      ok: false,
      reason: "invalid_timestamp",
    });
    expect(verifySvix({ secret: "whsec_!!!", headers: signed(), rawBody: body, clock })).toEqual({ ok: false, reason: "invalid_secret" });
  });
});
