import { describe, expect, it } from "vitest";
import { apiHarness } from "../support/api-client";
import { testWorld } from "../support/world";

const DAY = 86_400_000;

describe("list filters hosts search by", () => {
  it("finds stays by reservation code (letter case aside) and by part of the guest's name, wildcards taken literally, in the account only", async () => {
    const { deps, a, b } = await apiHarness();
    const world = testWorld(deps);
    const property = world.property(a.accountId);
    const garcia = world.stay(property.id, { reservationCode: "HMABC12345", guestName: "Ana García" });
    world.stay(property.id, { reservationCode: "HMZZZ99999", guestName: "Ben Smith" });
    const percent = world.stay(property.id, { reservationCode: "HMPCT00001", guestName: "100% Legit_Guest" });
    const other = world.property(b.accountId);
    world.stay(other.id, { reservationCode: "HMABC12345", guestName: "Ana García" });

    const ids = async (query: string) => ((await a.request("GET", `/api/v1/stays?${query}`)).body.data as { id: string }[]).map((s) => s.id);
    expect(await ids("reservationCode=hmabc12345")).toEqual([garcia.id]);
    expect(await ids("reservationCode=HMABC")).toEqual([]);
    expect(await ids(`guestName=${encodeURIComponent("garcía")}`)).toEqual([garcia.id]);
    expect(await ids("guestName=ana")).toEqual([garcia.id]);
    expect(await ids("guestName=%25")).toEqual([percent.id]);
    expect(await ids("guestName=_")).toEqual([percent.id]);
    expect((await a.request("GET", "/api/v1/stays?guestName=")).status).toBe(400);
  });

  it("finds codes by purpose, state and the window they overlap", async () => {
    const { deps, a } = await apiHarness();
    const world = testWorld(deps);
    const lock = world.lock(world.property(a.accountId).id);
    const now = deps.clock.now().getTime();
    const soon = world.code(lock.id, { purpose: "cleaner", state: "active", validFrom: new Date(now + DAY), validTo: new Date(now + 2 * DAY) });
    const later = world.code(lock.id, { purpose: "cleaner", state: "planned", validFrom: new Date(now + 10 * DAY), validTo: new Date(now + 11 * DAY) });
    const backup = world.code(lock.id, { purpose: "backup", state: "active", validFrom: new Date(now), validTo: new Date(now + 30 * DAY) });

    const ids = async (query: string) => ((await a.request("GET", `/api/v1/access-codes?${query}`)).body.data as { id: string }[]).map((c) => c.id).sort();
    expect(await ids("purpose=cleaner")).toEqual([soon.id, later.id].sort());
    expect(await ids("purpose=cleaner&state=active")).toEqual([soon.id]);
    const iso = (offset: number) => encodeURIComponent(new Date(now + offset).toISOString());
    expect(await ids(`from=${iso(5 * DAY)}&to=${iso(12 * DAY)}`)).toEqual([later.id, backup.id].sort());
    expect(await ids(`purpose=backup&to=${iso(-DAY)}`)).toEqual([]);
    expect((await a.request("GET", "/api/v1/access-codes?purpose=visitor")).status).toBe(400);
  });
});
