import { beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "../../db/client";
import type { CodeInsert } from "../../db/rows";
import { accessCodes, accounts, lockProperties, locks, properties, stays } from "../../db/schema";
import type { SourceContext } from "../../jobs/reconcile-source";
import { newId } from "../../lib/ids";
import { codesToProgram, codesToRevoke, codesToVerify, propertiesToPlan, staysToPlan } from "./reconcile-sources";

const now = new Date("2025-03-08T23:30:00Z");
const hours = (h: number) => new Date(now.getTime() + h * 3600_000);

let db: Db;
let ids: { acct: string; prop: string; lock: string; stay: string };
let ctx: SourceContext;

function code(state: CodeInsert["state"], extra: Partial<CodeInsert> = {}) {
  const id = newId("code");
  db.insert(accessCodes).values({
    id, accountId: ids.acct, propertyId: ids.prop, lockId: ids.lock, purpose: "guest", stayId: ids.stay, pinEnc: "enc", pinHash: id,
    pinLength: 6, validFrom: hours(1), validTo: hours(48), state, createdAt: now, updatedAt: now, ...extra,
  }).run();
  return id;
}

beforeEach(() => {
  db = openDatabase(":memory:");
  ids = { acct: newId("acct"), prop: newId("prop"), lock: newId("lock"), stay: newId("stay") };
  db.insert(accounts).values({ id: ids.acct, name: "Host", createdAt: now }).run();
  db.insert(properties).values({ id: ids.prop, accountId: ids.acct, name: "Loft", timezone: "America/New_York", createdAt: now, updatedAt: now }).run();
  db.insert(locks).values({ id: ids.lock, accountId: ids.acct, propertyId: ids.prop, name: "Front", provider: "simulated", providerDeviceId: "d1", createdAt: now, updatedAt: now }).run();
  db.insert(lockProperties).values({ lockId: ids.lock, propertyId: ids.prop, createdAt: now }).run();
  db.insert(stays).values({
    id: ids.stay, accountId: ids.acct, propertyId: ids.prop, kind: "reservation", checkInDate: "2025-03-09", checkOutDate: "2025-03-11",
    checkInAt: hours(20), checkOutAt: hours(60), createdAt: now, updatedAt: now,
  }).run();
  ctx = { db, now, until: hours(24) };
});

describe("the code lifecycle's reconcile sources", () => {
  it("programs planned codes at their programAt and verifies codes left mid-programming", () => {
    const planned = code("planned", { programAt: hours(2), version: 2 });
    code("planned", { programAt: hours(30) }); // beyond the horizon: a later pass handles it
    const programming = code("programming");
    expect(codesToProgram(ctx)).toEqual([
      { name: "access-codes.program-code", payload: { codeId: planned }, jobId: `program-code_${planned}_v2`, runAt: hours(2) },
    ]);
    expect(codesToVerify(ctx).map((j) => j.payload)).toEqual([{ codeId: programming }]);
  });

  it("revokes active codes at their end, and at once when the stay was cancelled or a revoke was under way", () => {
    const ending = code("active", { validTo: hours(10) });
    code("active", { validTo: hours(40) });
    const revoking = code("revoking", { validTo: hours(40) });
    const byCode = () => Object.fromEntries(codesToRevoke(ctx).map((j) => [(j.payload as { codeId: string }).codeId, j.runAt]));
    expect(byCode()).toEqual({ [ending]: hours(10), [revoking]: now });
    db.update(stays).set({ status: "cancelled" }).run();
    expect(Object.keys(byCode())).toHaveLength(3);
  });

  it("plans a confirmed stay that has no code yet, once, when the property-wide plan has already been through it", () => {
    expect(staysToPlan(ctx)).toEqual([]);
    db.update(stays).set({ plannedVersion: 1 }).run();
    expect(staysToPlan(ctx).map((j) => j.jobId)).toEqual([`plan-stay_${ids.stay}_v1`]);
    code("planned");
    expect(staysToPlan(ctx)).toEqual([]);
  });

  it("plans no stay that is another platform's echo of a booking: the booking it echoes gets the guest code", () => {
    const echo = newId("stay");
    db.insert(stays).values({
      id: echo, accountId: ids.acct, propertyId: ids.prop, kind: "reservation", checkInDate: "2025-03-09", checkOutDate: "2025-03-11",
      checkInAt: hours(20), checkOutAt: hours(60), echoOfStayId: ids.stay, plannedVersion: 1, createdAt: now, updatedAt: now,
    }).run();
    db.update(stays).set({ plannedVersion: 1 }).run();
    expect(staysToPlan(ctx).map((j) => j.jobId)).toEqual([`plan-stay_${ids.stay}_v1`]);
  });

  it("asks for one plan job per property with unplanned stay versions, a new one when a version moves", () => {
    const [job] = propertiesToPlan(ctx);
    expect(propertiesToPlan(ctx)).toHaveLength(1);
    expect(job).toMatchObject({ name: "access-codes.plan-property", payload: { propertyId: ids.prop }, runAt: now });
    expect(propertiesToPlan(ctx)[0]!.jobId).toBe(job!.jobId);
    db.update(stays).set({ version: 2 }).run();
    expect(propertiesToPlan(ctx)[0]!.jobId).not.toBe(job!.jobId);
    db.update(stays).set({ plannedVersion: 2 }).run();
    expect(propertiesToPlan(ctx)).toEqual([]);
  });
});
