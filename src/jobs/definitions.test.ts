import { describe, expect, it } from "vitest";
import { newId } from "../lib/ids";
import { jobDefinitions } from "./definitions";
import { QUEUE_NAMES } from "./queues";

describe("job definitions", () => {
  it("names every job <queue>.<action> on one of the queues", () => {
    for (const [key, def] of Object.entries(jobDefinitions)) {
      expect(def.name).toBe(key);
      expect(QUEUE_NAMES).toContain(def.queue);
      expect(def.name.startsWith(`${def.queue}.`)).toBe(true);
      expect(def.attempts).toBeGreaterThanOrEqual(1);
    }
  });

  it("accepts record ids as payload", () => {
    expect(jobDefinitions["access-codes.program-code"].schema.parse({ codeId: newId("code") })).toHaveProperty("codeId");
    expect(jobDefinitions["messages.cleaner-digest"].schema.safeParse({ contactId: newId("ctc"), propertyId: newId("prop") }).success).toBe(true);
  });

  it("refuses a PIN, a phone number or a feed URL in place of an id", () => {
    const schema = jobDefinitions["messages.deliver"].schema;
    for (const leak of ["4821", "+15555550123", "https://www.airbnb.com/calendar/ical/1.ics?s=secret", "msg_1:2"]) {
      expect(schema.safeParse({ messageId: leak }).success).toBe(false);
    }
  });

  it("refuses extra fields instead of silently dropping them", () => {
    const result = jobDefinitions["access-codes.program-code"].schema.safeParse({ codeId: newId("code"), pin: "4821" });
    expect(result.success).toBe(false);
  });
});
