import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config";
import { auditEvents, messages } from "../../src/db/schema";
import { runDoorSweep } from "../../src/services/door/door-sweep";
import { testServiceDeps } from "../support/service-deps";
import { testWorld } from "../support/world";

const DAY = 24 * 60 * 60_000;

function retentionWorld(env: Record<string, string> = {}) {
  const deps = testServiceDeps({ env });
  const world = testWorld(deps);
  const messageIds = () => deps.db.select({ id: messages.id }).from(messages).all().map((m) => m.id).sort();
  const auditIds = () => deps.db.select({ id: auditEvents.id }).from(auditEvents).all().map((a) => a.id).sort();
  return { deps, world, messageIds, auditIds };
}

describe("retention of messages and audit events", () => {
  it("keeps messages a year and audit events two years by default", () => {
    const config = loadConfig({ STAYKEY_DATA_DIR: "/nonexistent" });
    expect(config.STAYKEY_MESSAGE_RETENTION_DAYS).toBe(365);
    expect(config.STAYKEY_AUDIT_RETENTION_DAYS).toBe(730);
    expect(() => loadConfig({ STAYKEY_DATA_DIR: "/nonexistent", STAYKEY_MESSAGE_RETENTION_DAYS: "0" })).toThrow(/STAYKEY_MESSAGE_RETENTION_DAYS/);
    expect(() => loadConfig({ STAYKEY_DATA_DIR: "/nonexistent", STAYKEY_AUDIT_RETENTION_DAYS: "soon" })).toThrow(/STAYKEY_AUDIT_RETENTION_DAYS/);
  });

  it("the door sweep deletes finished messages past their retention and keeps younger ones and unsent ones", async () => {
    const { deps, world, messageIds } = retentionWorld({ STAYKEY_MESSAGE_RETENTION_DAYS: "30" });
    const { accountId } = await world.account();
    const delivered = world.message(accountId, { status: "delivered" });
    const failed = world.message(accountId, { status: "failed" });
    const queued = world.message(accountId, { status: "queued" });
    deps.clock.advance(20 * DAY);
    const younger = world.message(accountId, { status: "sent" });

    deps.clock.advance(10 * DAY - 60_000);
    await runDoorSweep(deps);
    expect(messageIds()).toEqual([delivered.id, failed.id, queued.id, younger.id].sort());

    deps.clock.advance(2 * 60_000);
    await runDoorSweep(deps);
    expect(messageIds()).toEqual([queued.id, younger.id].sort());

    deps.clock.advance(20 * DAY);
    await runDoorSweep(deps);
    expect(messageIds()).toEqual([queued.id]);
    expect(deps.db.select().from(messages).where(eq(messages.id, queued.id)).get()?.status).toBe("queued");
  });

  it("the door sweep deletes audit events past their retention, in every account", async () => {
    const { deps, world, auditIds } = retentionWorld({ STAYKEY_AUDIT_RETENTION_DAYS: "90" });
    const a = await world.account();
    const b = await world.account();
    const old = [world.audit(a.accountId, { subjectId: "lock_a" }), world.audit(b.accountId, { subjectId: "lock_b" })];
    deps.clock.advance(60 * DAY);
    const recent = world.audit(a.accountId, { subjectId: "lock_a" });
    expect(auditIds()).toEqual(expect.arrayContaining([...old, recent]));

    deps.clock.advance(30 * DAY - 60_000);
    await runDoorSweep(deps);
    expect(auditIds()).toEqual(expect.arrayContaining([...old, recent]));

    deps.clock.advance(2 * 60_000);
    await runDoorSweep(deps);
    expect(auditIds()).toContain(recent);
    for (const id of old) expect(auditIds()).not.toContain(id);
    const cutoff = deps.clock.now().getTime() - 90 * DAY;
    for (const { at } of deps.db.select({ at: auditEvents.at }).from(auditEvents).all()) expect(at.getTime()).toBeGreaterThanOrEqual(cutoff);
  });
});
