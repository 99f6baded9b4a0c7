import { describe, expect, it } from "vitest";
import { stay as stayAnswer, staySummary } from "../../src/routes/v1/stays/schema";
import { pageOf } from "../../src/routes/pagination";
import { apiHarness } from "../support/api-client";
import { testWorld } from "../support/world";
import { seedAccount } from "./seed";

// The hot lists write their rows out field by field (and read only the columns they answer with) instead of the
// generic open → omit → toWire path the single-item answers take: these pin that both give the same JSON, key for key
// and in the same order, and that what the lists answer passes the schema the OpenAPI document publishes for them
// (checked here, not on every request).
const without = (obj: Record<string, unknown>, key: string) => Object.fromEntries(Object.entries(obj).filter(([k]) => k !== key));

describe("the stays list's answer", () => {
  it("is each stay's own answer without its phone, in every state a stay can be in, and matches its published schema", async () => {
    const { deps, a } = await apiHarness();
    const seeded = await seedAccount(deps, a);
    const world = testWorld(deps);
    const propertyId = seeded.property.id;
    const at = (days: number) => new Date(deps.clock.now().getTime() + days * 86_400_000);
    const emailed = (await a.request("POST", "/api/v1/stays", { propertyId, checkInDate: "2027-02-01", checkOutDate: "2027-02-03", guestName: "Bo", guestEmail: "bo@example.com" })).body;
    await a.request("PATCH", `/api/v1/stays/${emailed.id}`, { earlyCheckInAt: "2027-02-01T12:00:00Z" });
    const unreachable = world.stay(propertyId, { guestName: "Nobody", checkInAt: at(2), checkOutAt: at(4) });
    world.code(seeded.lock.id, { stayId: unreachable.id, pin: "551177", state: "active" });
    const inside = world.stay(propertyId, { checkInAt: at(-1), checkOutAt: at(1), checkedInAt: at(-0.5), guestPageOpenedAt: at(-2), guestCount: 3 });
    const block = world.stay(propertyId, { kind: "block", checkInAt: at(10), checkOutAt: at(12), checkedOutAt: at(11) });
    const echo = world.stay(propertyId, { checkInAt: at(20), checkOutAt: at(22), echoOfStayId: seeded.feedStayId });

    const list = await a.request("GET", "/api/v1/stays?limit=200");
    expect(list.status).toBe(200);
    expect(pageOf(staySummary.strict()).safeParse(list.body).success).toBe(true);
    const listed = list.body.data as Array<Record<string, unknown>>;
    expect(listed.map((s) => s.id).sort()).toEqual([seeded.stay.id, seeded.feedStayId, emailed.id, unreachable.id, inside.id, block.id, echo.id].sort());
    expect(listed.find((s) => s.id === unreachable.id)).toMatchObject({ unreachable: true });
    expect(listed.find((s) => s.id === emailed.id)).toMatchObject({ guestEmail: "bo@example.com", unreachable: false });
    for (const stay of listed) {
      const one = await a.request("GET", `/api/v1/stays/${stay.id as string}`);
      expect(JSON.stringify(stay)).toBe(JSON.stringify(without(one.body, "guestPhone")));
      expect(stayAnswer.strict().safeParse(one.body).success).toBe(true);
    }
  });

  it("pages with a cursor and the same filters, whichever statement answers", async () => {
    const { deps, a } = await apiHarness();
    const seeded = await seedAccount(deps, a);
    const world = testWorld(deps);
    for (let i = 0; i < 5; i++) world.stay(seeded.property.id, { guestName: `Guest ${i}`, reservationCode: `HMX${i}` });
    const ids = async (q: string) => (await a.request("GET", `/api/v1/stays?${q}`)).body as { data: Array<{ id: string; guestName: string }>; nextCursor: string | null };
    const first = await ids("limit=3&kind=reservation");
    const second = await ids(`limit=3&kind=reservation&cursor=${first.nextCursor}`);
    expect([...first.data, ...second.data].map((s) => s.guestName)).toEqual([null, "Guest 0", "Guest 1", "Guest 2", "Guest 3", "Guest 4"]);
    expect(second.nextCursor).toBeNull();
    expect((await ids("reservationCode=hmx3")).data.map((s) => s.guestName)).toEqual(["Guest 3"]);
    expect((await ids("guestName=guest%204&kind=reservation")).data.map((s) => s.guestName)).toEqual(["Guest 4"]);
    expect((await ids("guestName=_")).data).toEqual([]);
  });
});
