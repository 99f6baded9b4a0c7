import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { accessCodes, messages, turnovers } from "../../src/db/schema";
import type { SimulatedLockProvider } from "../../src/providers/locks/simulated";
import { planStayAccess } from "../../src/services/access/plan-stay-access";
import { apiHarness, type Caller } from "../support/api-client";
import { testWorld } from "../support/world";

const HOUR = 3_600_000;
const PIN = "482913";

type Harness = Awaited<ReturnType<typeof apiHarness>>;

/** An account with Seaside Cottage (Lisbon), a simulated front door holding Maya Chen's code, and a cleaner. */
async function seedDoor(h: Harness, caller: Caller, deviceId: string) {
  const { deps } = h;
  const world = testWorld(deps);
  const at = (hours: number) => new Date(deps.clock.now().getTime() + hours * HOUR);
  world.contact(caller.accountId, { role: "alerts", name: "Host", email: `host-${deviceId}@example.com` });
  const property = world.property(caller.accountId, { name: "Seaside Cottage", timezone: "Europe/Lisbon", locale: "en-GB" });
  const lock = world.lock(property.id, { name: "Front door", provider: "simulated", providerDeviceId: deviceId });
  world.cleaner(property.id, { name: "Robin", phone: "+14155550111" });
  const stay = world.stay(property.id, { guestName: "Maya Chen", checkInAt: at(-2), checkOutAt: at(46) });
  const sim = deps.lockProvider(lock) as SimulatedLockProvider;
  sim.addDevice({ deviceId });
  const onLock = await sim.createCode(deviceId, { name: "Maya Chen", pin: PIN, startsAt: at(-2), endsAt: at(46) });
  const code = world.code(lock.id, { stayId: stay.id, pin: PIN, state: "active", providerCodeId: onLock.codeId });
  return { property, lock, stay, code, at };
}

describe("door activity API", () => {
  let h: Harness;
  let A: Awaited<ReturnType<typeof seedDoor>>;
  let B: Awaited<ReturnType<typeof seedDoor>>;

  beforeAll(async () => {
    h = await apiHarness({ now: "2026-07-10T15:42:00Z" });
    A = await seedDoor(h, h.a, "sim-a");
    B = await seedDoor(h, h.b, "sim-b");
  });

  it("unlocks a simulated lock with the guest's PIN: one event for the stay, the stay checked in, the host told in local time", async () => {
    const wrong = await h.a.request("POST", `/api/v1/locks/${A.lock.id}/keypad`, { pin: "000000" });
    expect(wrong.body).toMatchObject({ outcome: "denied", event: { kind: "access_denied", method: "keypad", accessCodeId: null } });

    const res = await h.a.request("POST", `/api/v1/locks/${A.lock.id}/keypad`, { pin: PIN });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ outcome: "unlocked", event: { kind: "unlocked", method: "keypad", accessCodeId: A.code.id, stayId: A.stay.id, actor: "guest", provider: "simulated" } });
    expect(JSON.stringify(res.body)).not.toContain(PIN);

    const stay = await h.a.request("GET", `/api/v1/stays/${A.stay.id}`);
    expect(stay.body).toMatchObject({ presence: "checked_in", checkedInAt: "2026-07-10T15:42:00.000Z", checkedOutAt: null });
    const notices = h.deps.db.select().from(messages).where(and(eq(messages.accountId, h.a.accountId), eq(messages.purpose, "arrival_notice"))).all();
    expect(notices).toHaveLength(1);
    // 15:42 UTC is 16:42 in Lisbon in July.
    expect(notices[0]!.subject).toBe("Maya Chen arrived at Seaside Cottage 16:42");
  });

  it("lists the access log with filters and cursor pages, scoped to the account", async () => {
    const all = await h.a.request("GET", `/api/v1/lock-events?lockId=${A.lock.id}`);
    expect(all.body.data.map((e: { kind: string }) => e.kind)).toEqual(["access_denied", "unlocked"]);
    const first = await h.a.request("GET", `/api/v1/lock-events?lockId=${A.lock.id}&limit=1`);
    expect(first.body.data).toHaveLength(1);
    const second = await h.a.request("GET", `/api/v1/lock-events?lockId=${A.lock.id}&limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body).toMatchObject({ data: [{ kind: "unlocked" }], nextCursor: null });
    const byStay = await h.a.request("GET", `/api/v1/lock-events?stayId=${A.stay.id}&kind=unlocked`);
    expect(byStay.body.data).toHaveLength(1);
    const later = await h.a.request("GET", `/api/v1/lock-events?from=${encodeURIComponent(A.at(1).toISOString())}`);
    expect(later.body.data).toEqual([]);
    expect((await h.a.request("GET", "/api/v1/lock-events?lockID=x")).status).toBe(400);

    await h.b.request("POST", `/api/v1/locks/${B.lock.id}/keypad`, { pin: PIN });
    const bList = await h.b.request("GET", "/api/v1/lock-events");
    expect(bList.body.data.length).toBeGreaterThan(0);
    const text = JSON.stringify(bList.body);
    for (const id of [A.lock.id, A.stay.id, A.code.id, A.property.id]) expect(text).not.toContain(id);
    expect((await h.b.request("GET", `/api/v1/lock-events?lockId=${A.lock.id}`)).body.data).toEqual([]);
  });

  it("answers another account's lock and stay exactly like missing ones", async () => {
    const foreign = await h.b.request("POST", `/api/v1/locks/${A.lock.id}/keypad`, { pin: PIN });
    const missing = await h.b.request("POST", "/api/v1/locks/lock_0doesnotexist000000/keypad", { pin: PIN });
    expect([foreign.status, missing.status]).toEqual([404, 404]);
    expect((await h.b.request("POST", `/api/v1/stays/${A.stay.id}/checkout`)).status).toBe(404);
    expect((await h.a.request("GET", `/api/v1/lock-events?lockId=${A.lock.id}`)).body.data).toHaveLength(2);
  });

  it("exports the access log as CSV in the property's local time, without PINs", async () => {
    const res = await h.a.request("GET", "/api/v1/lock-events/export.csv");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    const lines = String(res.body).trim().split("\r\n");
    expect(lines[0]).toBe("local_time,time_zone,utc_time,property,lock,event,method,whose_code,who,stay_id,access_code_id,event_id");
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^2026-07-10 16:42:00,Europe\/Lisbon,2026-07-10T15:42:00.000Z,Seaside Cottage,Front door,(unlocked|access_denied),keypad,/);
    expect(lines.some((l) => l.includes("unlocked,keypad,guest,Maya Chen"))).toBe(true);
    expect(String(res.body)).not.toContain(PIN);
    expect(res.headers.get("x-next-cursor")).toBeNull();
    const paged = await h.a.request("GET", "/api/v1/lock-events/export.csv?limit=1");
    expect(String(paged.body).trim().split("\r\n")).toHaveLength(2);
    const rest = await h.a.request("GET", `/api/v1/lock-events/export.csv?limit=1&cursor=${paged.headers.get("x-next-cursor")}`);
    expect(String(rest.body)).toContain("unlocked,keypad,guest,Maya Chen");
  });

  it("checks a stay out early: its code ends now and the cleaner's window starts now", async () => {
    h.deps.clock.advance(20 * HOUR);
    const now = h.deps.clock.now();
    const res = await h.a.request("POST", `/api/v1/stays/${A.stay.id}/checkout`);
    expect(res.body).toMatchObject({ presence: "checked_out", checkedOutAt: now.toISOString() });
    const again = await h.a.request("POST", `/api/v1/stays/${A.stay.id}/checkout`);
    expect(again.body.checkedOutAt).toBe(now.toISOString());

    await planStayAccess(h.deps, A.stay.id);
    expect(h.deps.db.select().from(accessCodes).where(eq(accessCodes.id, A.code.id)).get()!.state).toBe("revoking");
    const turnover = h.deps.db.select().from(turnovers).where(eq(turnovers.afterStayId, A.stay.id)).get()!;
    expect(turnover).toMatchObject({ startsAt: now, status: "scheduled" });
    const cleanerCode = h.deps.db.select().from(accessCodes).where(eq(accessCodes.turnoverId, turnover.id)).get()!;
    expect(cleanerCode.validFrom).toEqual(now);
  });

  it("refuses to check out a stay that has not begun", async () => {
    const world = testWorld(h.deps);
    const future = world.stay(A.property.id, { checkInAt: A.at(200), checkOutAt: A.at(240) });
    const res = await h.a.request("POST", `/api/v1/stays/${future.id}/checkout`);
    expect(res.status).toBe(409);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
  });
});
