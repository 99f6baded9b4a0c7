import { describe, expect, it } from "vitest";
import { rebaseTwilioUrl } from "./twilio-http-client";
import { mapTwilioStatus, parseTwilioStatusCallback } from "./twilio-status";

const callback = (fields: Record<string, string>) => new URLSearchParams({ MessageSid: "SM" + "0".repeat(32), ...fields });

describe("Twilio statuses in provider-neutral terms", () => {
  it("maps every pre-send status to queued and both failure words to failed", () => {
    expect(["accepted", "scheduled", "queued", "sending"].map(mapTwilioStatus)).toEqual(["queued", "queued", "queued", "queued"]);
    expect(["undelivered", "failed"].map(mapTwilioStatus)).toEqual(["failed", "failed"]);
    expect(mapTwilioStatus("teleported")).toBeUndefined();
  });

  it("classifies carrier error codes on failed callbacks", () => {
    expect(parseTwilioStatusCallback(callback({ MessageStatus: "undelivered", ErrorCode: "30003" }))?.failureKind).toBe("transient");
    expect(parseTwilioStatusCallback(callback({ MessageStatus: "undelivered", ErrorCode: "30005" }))?.failureKind).toBe("invalid_recipient");
    expect(parseTwilioStatusCallback(callback({ MessageStatus: "failed", ErrorCode: "30007" }))).toMatchObject({ status: "failed", failureKind: "permanent" });
  });

  it("ignores bodies that are not message status callbacks", () => {
    expect(parseTwilioStatusCallback(new URLSearchParams({ CallSid: "CA1", CallStatus: "completed" }))).toBeUndefined();
    expect(parseTwilioStatusCallback(callback({ MessageStatus: "teleported" }))).toBeUndefined();
  });
});

describe("API base URL override", () => {
  it("moves Twilio API calls to the configured base and leaves other hosts alone", () => {
    const uri = "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json?PageSize=1";
    expect(rebaseTwilioUrl(uri, "http://127.0.0.1:4010")).toBe("http://127.0.0.1:4010/2010-04-01/Accounts/AC1/Messages.json?PageSize=1");
    expect(rebaseTwilioUrl(uri, undefined)).toBe(uri);
    expect(rebaseTwilioUrl("https://example.com/x", "http://127.0.0.1:4010")).toBe("https://example.com/x");
  });
});
