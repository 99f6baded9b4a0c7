import { describe, expect, it } from "vitest";
import { deliverMessage } from "../../src/services/delivery/deliver-message";
import { updateProperty } from "../../src/services/properties/properties";
import { HOST_PHONE } from "../alerts/alert-world";
import { seamFakeForFile } from "./door-world";

const HOUR = 3_600_000;

const seam = seamFakeForFile();
const seamDoorWorld = seam.world;

describe("door activity from Seam webhooks", () => {
  it("a keypad unlock with the guest's code is one event, attributed to the stay, one arrival notice, and the stay is checked in", async () => {
    const w = await seamDoorWorld();
    const unlock = seam.fake().addEvent({ event_type: "lock.unlocked", device_id: w.device, access_code_id: w.code.providerCodeId!, method: "keycode", occurred_at: w.clock.now().toISOString() });

    const first = await w.seamWebhook(unlock);
    // Svix redelivers the same message, and a second delivery attempt arrives under a new message id: both are no-ops.
    const replay = await w.seamWebhook(unlock, { id: String(first.headers["svix-id"]) });
    const redelivered = await w.seamWebhook(unlock);
    expect([first.status, replay.status, redelivered.status]).toEqual([200, 200, 200]);
    expect(first.body.outcome).toBe("applied");
    expect(replay.body.outcome).toBe("duplicate");

    expect(w.eventsOf()).toMatchObject([{ kind: "unlocked", method: "keypad", provider: "seam", providerEventId: unlock.event_id, accessCodeId: w.code.id, stayId: w.stay.id, actor: "guest" }]);
    expect(w.stayRow().checkedInAt).toEqual(w.clock.now());
    const notices = w.messagesOf("arrival_notice");
    expect(notices).toHaveLength(1);
    // 12:00 UTC is 7:00 in the morning at the property (America/New_York).
    expect(notices[0]).toMatchObject({ recipient: HOST_PHONE, channel: "sms", stayId: w.stay.id, status: "queued", body: expect.stringContaining("Maya Chen arrived at Beach House 7:00 AM") });
    expect(notices[0]!.body).not.toContain("482913");
    const jobs = w.pendingJobs("messages.deliver");
    expect(jobs.map((j) => j.payload)).toEqual([{ messageId: notices[0]!.id }]);
    // It goes out as written (no PIN to render in), through the same delivery as every message.
    await deliverMessage(w.deps, { messageId: notices[0]!.id }, { jobId: jobs[0]!.id, attempt: 1 });
    expect(w.messagesOf("arrival_notice")).toMatchObject([{ status: "sent", body: notices[0]!.body }]);
  });

  it("a second unlock later the same stay stores its event but sends no second arrival notice", async () => {
    const w = await seamDoorWorld();
    await w.seamWebhook(seam.fake().addEvent({ event_type: "lock.unlocked", device_id: w.device, access_code_id: w.code.providerCodeId!, method: "keycode", occurred_at: w.clock.now().toISOString() }));
    const arrived = w.stayRow().checkedInAt;
    w.clock.advance(5 * HOUR);
    await w.seamWebhook(seam.fake().addEvent({ event_type: "lock.unlocked", device_id: w.device, access_code_id: w.code.providerCodeId!, method: "keycode", occurred_at: w.clock.now().toISOString() }));
    expect(w.eventsOf()).toHaveLength(2);
    expect(w.stayRow().checkedInAt).toEqual(arrived);
    expect(w.messagesOf("arrival_notice")).toHaveLength(1);
  });

  it("the lock's own unlock event from /locks/unlock_door (remote, no code) is logged and is nobody's arrival", async () => {
    const w = await seamDoorWorld();
    const res = await fetch(`${seam.fake().baseUrl}/locks/unlock_door`, {
      method: "POST", headers: { authorization: `Bearer ${seam.fake().apiKey}`, "content-type": "application/json" }, body: JSON.stringify({ device_id: w.device }),
    });
    expect(res.status).toBe(200);
    const listed = await fetch(`${seam.fake().baseUrl}/events/list`, {
      method: "POST", headers: { authorization: `Bearer ${seam.fake().apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ since: "2000-01-01T00:00:00Z", device_id: w.device, event_type: "lock.unlocked" }),
    });
    const { events } = (await listed.json()) as { events: Array<Record<string, unknown>> };
    expect(events).toHaveLength(1);
    await w.seamWebhook({ ...events[0], occurred_at: w.clock.now().toISOString() });
    expect(w.eventsOf()).toMatchObject([{ kind: "unlocked", accessCodeId: null, stayId: null, actor: null }]);
    expect(w.stayRow().checkedInAt).toBeNull();
    expect(w.messagesOf("arrival_notice")).toHaveLength(0);
  });

  it("sends the guest a welcome when the property asks for it, and nothing to the host when its notice is off", async () => {
    const w = await seamDoorWorld();
    updateProperty(w.deps, w.accountId, w.propertyId, { arrivalNotice: "off", arrivalWelcome: true });
    const guest = w.world.stay(w.propertyId, { guestName: "Ana Souza", guestEmail: "ana@example.com", checkInAt: w.at(100), checkOutAt: w.at(150) });
    const code = w.world.code(w.lock.id, { stayId: guest.id, state: "active", providerCodeId: "seam-code-ana" });
    w.clock.advance(101 * HOUR);
    await w.seamWebhook(seam.fake().addEvent({ event_type: "lock.unlocked", device_id: w.device, access_code_id: code.providerCodeId!, method: "keycode", occurred_at: w.clock.now().toISOString() }));
    expect(w.messagesOf("arrival_notice")).toHaveLength(0);
    expect(w.messagesOf("guest_welcome")).toMatchObject([{ recipient: "ana@example.com", channel: "email", stayId: guest.id, body: expect.stringContaining("Welcome, Ana!") }]);
  });
});
