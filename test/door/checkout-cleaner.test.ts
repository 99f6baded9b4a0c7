import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { accessCodes, messages, stays, turnovers } from "../../src/db/schema";
import type { SimulatedLockProvider } from "../../src/providers/locks/simulated";
import { planStayAccess } from "../../src/services/access/plan-stay-access";
import { openRecipient } from "../../src/services/contact-details/contact-details";
import { checkOutEarly } from "../../src/services/door/checkout";
import { tellCleanersTurnoverNow } from "../../src/services/door/turnover-now";
import { dueJobRunner } from "../support/due-jobs";
import { testServiceDeps } from "../support/service-deps";
import { testWorld } from "../support/world";

const HOUR = 3_600_000;

/** Seaside Cottage (Lisbon) with a simulated front door, Robin the cleaner, and Maya Chen's stay under way (checkout tomorrow). */
async function cottage(cleaner: { phone?: string; email?: string } = { phone: "+14155550111" }) {
  const deps = testServiceDeps({ now: "2026-07-10T09:12:00Z" });
  const world = testWorld(deps);
  const { accountId } = await world.account({ name: "Host" });
  const property = world.property(accountId, { name: "Seaside Cottage", timezone: "Europe/Lisbon", locale: "en-GB" });
  const lock = world.lock(property.id, { name: "Front door", provider: "simulated" });
  (deps.lockProvider(lock) as SimulatedLockProvider).addDevice({ deviceId: lock.providerDeviceId });
  const robin = world.cleaner(property.id, { name: "Robin", ...cleaner });
  const at = (hours: number) => new Date(deps.clock.now().getTime() + hours * HOUR);
  const stay = world.stay(property.id, { guestName: "Maya Chen", checkInAt: at(-42), checkOutAt: at(26) });
  const runDue = dueJobRunner(deps);
  const turnoverNow = () => deps.db.select().from(messages).where(and(eq(messages.accountId, accountId), eq(messages.purpose, "turnover_now"))).all()
    .map((m) => ({ ...m, recipient: openRecipient(deps.box, m), body: deps.box.decrypt(m.bodyEnc, `message:${m.id}`) }));
  const turnover = () => deps.db.select().from(turnovers).where(eq(turnovers.afterStayId, stay.id)).get();
  return { deps, world, accountId, property, lock, robin, stay, at, runDue, turnoverNow, turnover };
}

describe("an early checkout tells the cleaner the turnover starts now", () => {
  it("sends Robin one 'starts now' text in the property's time, once the cleaner code works from now, through the normal delivery", async () => {
    const c = await cottage();
    await planStayAccess(c.deps, c.stay.id);
    expect(await c.runDue()).toEqual([]);
    expect(c.turnover()!.startsAt).toEqual(c.at(26));

    await checkOutEarly(c.deps, c.accountId, c.stay.id, "host");
    expect(await c.runDue()).toEqual([]);
    const turnover = c.turnover()!;
    expect(turnover.startsAt).toEqual(c.deps.clock.now());
    const cleanerCode = c.deps.db.select().from(accessCodes).where(eq(accessCodes.turnoverId, turnover.id)).get()!;
    expect(cleanerCode).toMatchObject({ state: "active", validFrom: c.deps.clock.now() });

    const sent = c.turnoverNow();
    expect(sent).toHaveLength(1);
    // 09:12 UTC is 10:12 in Lisbon in July.
    expect(sent[0]).toMatchObject({
      recipient: "+14155550111", channel: "sms", status: "sent", turnoverId: turnover.id, contactId: c.robin.id, stayId: c.stay.id,
      subject: "Seaside Cottage: the guest left early",
      body: "The guest at Seaside Cottage checked out early (10:12). The cleaning window starts now; your code works from now.",
    });

    // The turnover changes again (its code re-read, the planner re-run): Robin is not told twice.
    expect(await tellCleanersTurnoverNow(c.deps, turnover.id)).toEqual([]);
    await planStayAccess(c.deps, c.stay.id);
    await c.runDue();
    expect(c.turnoverNow()).toHaveLength(1);
  });

  it("waits while the cleaner's code is not on the lock yet, and emails a cleaner who has only an email", async () => {
    const c = await cottage({ email: "robin@example.com" });
    const now = c.deps.clock.now();
    c.deps.db.update(stays).set({ checkedOutAt: now }).where(eq(stays.id, c.stay.id)).run();
    const turnover = c.world.turnover(c.stay.id, { startsAt: now, endsAt: c.at(5) });
    const code = c.world.code(c.lock.id, { turnoverId: turnover.id, contactId: c.robin.id, state: "programming" });
    expect(await tellCleanersTurnoverNow(c.deps, turnover.id)).toEqual([]);

    c.deps.db.update(accessCodes).set({ state: "active" }).where(eq(accessCodes.id, code.id)).run();
    expect(await tellCleanersTurnoverNow(c.deps, turnover.id)).toHaveLength(1);
    expect(c.turnoverNow()).toMatchObject([{ recipient: "robin@example.com", channel: "email", status: "queued" }]);
  });

  it("says nothing for a turnover that starts at the planned checkout", async () => {
    const c = await cottage();
    await planStayAccess(c.deps, c.stay.id);
    expect(await c.runDue()).toEqual([]);
    c.deps.clock.advance(27 * HOUR);
    await planStayAccess(c.deps, c.stay.id);
    expect(await c.runDue()).toEqual([]);
    expect(await tellCleanersTurnoverNow(c.deps, c.turnover()!.id)).toEqual([]);
    expect(c.turnoverNow()).toEqual([]);
  });
});
