import { describe, expect, it } from "vitest";
import { alerts } from "../../db/schema";
import { createAccount } from "../accounts/create-account";
import { testDeps } from "../../../test/support/test-deps";
import { raiseAlert, resolveAlert, type AlertInput } from "./alert-store";

async function setup() {
  const deps = testDeps();
  const { accountId } = await createAccount(deps, { name: "a", ownerEmail: "a@example.com" });
  const base: AlertInput = {
    accountId, kind: "battery_low", severity: "warning", subjectType: "lock", subjectId: "lock_1",
    dedupeKey: "battery:lock_1", title: "Front door battery low (20%)",
  };
  return { deps, base };
}

describe("alert store", () => {
  it("keeps one open alert per dedupe key and escalates it", async () => {
    const { deps, base } = await setup();
    expect(raiseAlert(deps.db, deps.clock, base).change).toBe("opened");
    expect(raiseAlert(deps.db, deps.clock, base).change).toBe("updated");
    const esc = raiseAlert(deps.db, deps.clock, { ...base, kind: "battery_critical", severity: "critical", title: "critical" });
    expect(esc.change).toBe("escalated");
    const rows = deps.db.select().from(alerts).all();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ severity: "critical", kind: "battery_critical", status: "open" });
  });

  it("resolves, and the next occurrence opens a fresh alert", async () => {
    const { deps, base } = await setup();
    const first = raiseAlert(deps.db, deps.clock, base);
    expect(resolveAlert(deps.db, deps.clock, base.accountId, base.dedupeKey)).toEqual({ alertId: first.alertId, change: "resolved" });
    expect(resolveAlert(deps.db, deps.clock, base.accountId, base.dedupeKey)).toBeNull();
    const again = raiseAlert(deps.db, deps.clock, base);
    expect(again.change).toBe("opened");
    expect(again.alertId).not.toBe(first.alertId);
  });

  it("refuses a second open row for the same key at the database level", async () => {
    const { deps, base } = await setup();
    raiseAlert(deps.db, deps.clock, base);
    const now = deps.clock.now();
    expect(() =>
      deps.db.insert(alerts).values({ ...base, id: "alrt_dup", status: "open", openedAt: now, createdAt: now, updatedAt: now }).run(),
    ).toThrow(/UNIQUE/);
  });
});
