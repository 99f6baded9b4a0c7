import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "../lib/logger";
import { createServiceEvents, type ServiceEventHandlers } from "./events";

const none = (): ServiceEventHandlers => ({
  "stay.changed": [], "guest-code.ready": [], "guest-code.moved": [], "guest-code.sent": [], "turnover.changed": [], "feed.synced": [], "door.event": [], "door.unlocked": [], "grant.ready": [], "grant.changed": [],
  "feed.stays-changed": [], "code.settled": [], "message.settled": [], "alert.changed": [],
});

describe("service events", () => {
  it("runs an event's handlers in order, and a failing one is logged while the next still runs and emit resolves", async () => {
    const lines: string[] = [];
    const logger = createLogger("warn", new Writable({ write: (chunk, _enc, done) => void (lines.push(String(chunk)), done()) }));
    const ran: string[] = [];
    const events = createServiceEvents(
      {
        ...none(),
        "stay.changed": [
          async ({ stayId }) => void ran.push(`plan ${stayId}`),
          async () => { throw new Error("queue unavailable"); },
          async ({ stayId }) => void ran.push(`message ${stayId}`),
        ],
        "feed.synced": [async () => void ran.push("wrong event")],
      },
      () => logger,
    );
    await expect(events.emit({ type: "stay.changed", stayId: "stay_1" })).resolves.toBeUndefined();
    expect(ran).toEqual(["plan stay_1", "message stay_1"]);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ event: { type: "stay.changed", stayId: "stay_1" }, err: { message: "queue unavailable" } });
  });
});
