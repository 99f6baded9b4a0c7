import twilio from "twilio";
import { describe, expect, it } from "vitest";
import { computeTwilioSignature, verifyTwilioSignature } from "./twilio-signature";

const authToken = "12345";
const url = "https://mycompany.com/myapp.php?foo=1&bar=2";
const params = {
  CallSid: "CA1234567890ABCDE",
  Caller: "+12349013030",
  Digits: "1234",
  From: "+12349013030",
  To: "+18005551212",
};

describe("Twilio request signatures", () => {
  it("matches the signature Twilio's own SDK expects for the same request", () => {
    const ours = computeTwilioSignature(authToken, url, params);
    expect(ours).toBe(twilio.getExpectedTwilioSignature(authToken, url, params));
    expect(twilio.validateRequest(authToken, ours, url, params)).toBe(true);
  });

  it("signs repeated keys like the SDK does, and reads URLSearchParams the same as a record", () => {
    const form = new URLSearchParams([["B", "2"], ["A", "z"], ["A", "y"], ["A", "z"]]);
    const sdk = twilio.getExpectedTwilioSignature(authToken, url, { B: "2", A: ["z", "y", "z"] });
    expect(computeTwilioSignature(authToken, url, form)).toBe(sdk);
  });

  it("accepts a genuine signature on the configured URL", () => {
    const signature = computeTwilioSignature(authToken, url, params);
    expect(verifyTwilioSignature({ authToken, url, params, signature })).toBe(true);
  });

  it("rejects a forged, missing or tampered signature", () => {
    const signature = computeTwilioSignature(authToken, url, params);
    expect(verifyTwilioSignature({ authToken, url, params, signature: "AAAAAAAAAAAAAAAAAAAAAAAAAAA=" })).toBe(false);
    expect(verifyTwilioSignature({ authToken, url, params, signature: undefined })).toBe(false);
    expect(verifyTwilioSignature({ authToken, url, params: { ...params, Digits: "9999" }, signature })).toBe(false);
    expect(verifyTwilioSignature({ authToken: "other-token", url, params, signature })).toBe(false);
  });

  it("rejects a signature made for a different URL, even one differing only in scheme or query", () => {
    const signature = computeTwilioSignature(authToken, url, params);
    expect(verifyTwilioSignature({ authToken, url: url.replace("https:", "http:"), params, signature })).toBe(false);
    expect(verifyTwilioSignature({ authToken, url: "https://mycompany.com/myapp.php", params, signature })).toBe(false);
  });
});
