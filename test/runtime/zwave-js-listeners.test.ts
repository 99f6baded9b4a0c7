import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alerts, lockEvents, locks } from "../../src/db/schema";
import { startZwaveJsListeners } from "../../src/services/door/zwave-js-listeners";
import { createConnection } from "../../src/services/locks/connections";
import { startZwaveJsServer, type ZwaveJsPeer } from "../peers/zwave-js-server";
import { testServiceDeps } from "../support/service-deps";
import { testWorld } from "../support/world";

let zw: ZwaveJsPeer;
beforeAll(async () => {
  zw = await startZwaveJsServer({ locks: [{ nodeId: 7 }] });
}, 60_000);
afterAll(async () => {
  await zw?.stop();
});

const until = async (check: () => boolean, what: string) => {
  for (let i = 0; i < 100; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
};

describe("the Z-Wave JS subscriptions serve keeps open", () => {
  it("records the lock's keypad unlocks as door activity and turns a dead node into the lock-offline alert at once", async () => {
    const deps = testServiceDeps({ env: { STAYKEY_LOCK_ALLOW_HOSTS: "127.0.0.1" } });
    const world = testWorld(deps);
    const { accountId } = await world.account({ name: "Listener host" });
    const property = world.property(accountId, { name: "Mill house" });
    const connection = await createConnection(deps, accountId, { provider: "zwave_js", name: "Z-Wave JS UI", config: { url: zw.url } });
    const lock = world.lock(property.id, { name: "Back door", provider: "zwave_js", providerDeviceId: "7", connectionId: connection.id, slotCapacity: 3, health: { online: true } });
    const stay = world.stay(property.id);
    const code = world.code(lock.id, { stayId: stay.id, state: "active", slot: 2, providerCodeId: "2" });

    const listeners = startZwaveJsListeners(deps);
    try {
      expect(listeners.subscribed).toBe(1);
      // The subscription opens in the background; the lock repeats its report until it lands (as a test, not a lock).
      for (let i = 0; i < 40 && deps.db.select().from(lockEvents).all().length === 0; i++) {
        await zw.notify(7, 0x06, 2);
        await new Promise((r) => setTimeout(r, 100));
      }
      const [event] = deps.db.select().from(lockEvents).all();
      expect(event).toMatchObject({ lockId: lock.id, kind: "unlocked", method: "keypad", slot: 2, accessCodeId: code.id, stayId: stay.id, provider: "zwave_js" });

      await zw.silence(7, true);
      await zw.driver.controller.nodes.getOrThrow(7).ping();
      await until(() => deps.db.select().from(locks).where(eq(locks.id, lock.id)).get()!.online === false, "the lock to be marked offline");
      const offline = () => deps.db.select().from(alerts).where(eq(alerts.kind, "lock_offline")).all();
      expect(offline()).toEqual([expect.objectContaining({ subjectId: lock.id, status: "open" })]);

      await zw.silence(7, false);
      await until(() => deps.db.select().from(locks).where(eq(locks.id, lock.id)).get()!.online === true, "the lock to be back");
      expect(offline()[0]!.status).not.toBe("open");
    } finally {
      listeners.stop();
    }
  }, 60_000);
});
