import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { scheduleGuestCodeMessages } from "../../src/services/delivery";
import { TwilioEmulator } from "../peers/twilio-emulator";
import { deliveryHarness, type Harness } from "./harness";

let twilio: TwilioEmulator;
let h: Harness;
beforeEach(async () => {
  twilio = await TwilioEmulator.start();
  h = await deliveryHarness({ now: "2026-02-01T12:00:00Z", twilio });
});
afterEach(async () => {
  await twilio.close();
  await h.close();
});

// Pinned rule: a 24 h lead means "same local time the day before", so the real gap is 23 h across spring-forward
// and 25 h across fall-back; the guest hears at 16:00 either way.
describe.each([
  { name: "spring-forward (2026-03-08)", checkIn: "2026-03-08T20:00:00Z", sendAt: "2026-03-07T21:00:00Z", text: /Sun, Mar 8, 4:00\sPM EDT/u },
  { name: "fall-back (2026-11-01)", checkIn: "2026-11-01T21:00:00Z", sendAt: "2026-10-31T20:00:00Z", text: /Sun, Nov 1, 4:00\sPM EST/u },
])("guest code on a New York DST day: $name", ({ checkIn, sendAt, text }) => {
  it("goes out at 16:00 local the day before, not a second earlier, and states the check-in in that day's offset", async () => {
    const { propertyId, lockId } = h.seed.property();
    const checkInAt = new Date(checkIn);
    const checkOutAt = new Date(checkInAt.getTime() + 3 * 86_400_000);
    const stayId = h.seed.stay(propertyId, { checkInAt, checkOutAt, guestPhone: "+14155550123" });
    h.seed.code({ propertyId, lockId, stayId, pin: "583914", state: "active", validFrom: checkInAt, validTo: checkOutAt });
    await scheduleGuestCodeMessages(h.deps, stayId);

    h.deps.clock.set(new Date(new Date(sendAt).getTime() - 1000));
    await h.runDueJobs();
    expect(twilio.sent()).toHaveLength(0);
    h.deps.clock.set(sendAt);
    await h.runDueJobs();
    expect(twilio.sent()).toHaveLength(1);
    expect(twilio.sent()[0]!.body).toMatch(text);
  });
});
