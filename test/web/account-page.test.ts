import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { accounts, stays } from "../../src/db/schema";
import type { SimulatedLockProvider } from "../../src/providers/locks/simulated";
import type { LockRow } from "../../src/services/deps";
import { signedInHost } from "./signed-in-host";
import { webClient } from "./web-client";

describe("the account page", () => {
  it("deletes the account only when its name is typed, taking its codes off the lock first, and signs the owner out", async () => {
    const { deps, world, owner, client } = await signedInHost({ email: "leaving@example.com", password: "leaving-password-1" });
    const simulated = deps.lockProvider({} as LockRow) as SimulatedLockProvider;
    const lock = world.lock(world.property(owner.accountId, { name: "Loft" }).id, { providerDeviceId: "sim-leaving" });
    simulated.addDevice({ deviceId: "sim-leaving" });
    const onLock = await simulated.createCode("sim-leaving", { name: "Guest", pin: "482913" });
    world.code(lock.id, { stayId: world.stay(lock.propertyId, { guestName: "Ana" }).id, state: "active", pin: "482913", providerCodeId: onLock.codeId });

    const page = await client.get("/dashboard/account");
    expect(page.status).toBe(200);
    expect(page.html).toContain("Type the account&#39;s name, leaving@example.com, to confirm");
    expect(page.html).toContain('href="/dashboard/account/export"');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.html)![1]!;

    const exported = await client.get("/dashboard/account/export");
    expect(exported.status).toBe(200);
    expect(JSON.parse(exported.html)).toMatchObject({ format: "staykey-account-export", stays: [expect.objectContaining({ guestName: "Ana" })] });
    expect(exported.html).not.toContain("482913");

    const wrong = await client.post("/dashboard/account/delete", { _csrf: csrf, confirm: "leaving" });
    expect(wrong.status).toBe(400);
    expect(wrong.html).toContain("type the account&#39;s name exactly");
    expect(deps.db.select().from(accounts).where(eq(accounts.id, owner.accountId)).get()).toBeDefined();
    expect(simulated.store.devices.get("sim-leaving")!.codes.size).toBe(1);

    const done = await client.post("/dashboard/account/delete", { _csrf: csrf, confirm: "leaving@example.com" });
    expect(done.status).toBe(303);
    expect(done.location).toBe("/login");
    expect(simulated.store.devices.get("sim-leaving")!.codes.size).toBe(0);
    expect(deps.db.select().from(accounts).where(eq(accounts.id, owner.accountId)).get()).toBeUndefined();
    expect(deps.db.select().from(stays).all()).toEqual([]);
    expect((await client.get("/dashboard")).status).toBe(303);
  });

  it("is the owner's alone: a manager neither sees it nor can post to it", async () => {
    const { deps, world, owner, app } = await signedInHost({ email: "boss@example.com", password: "boss-password-12" });
    await world.user(owner.accountId, { email: "mgr@example.com", role: "manager", password: "mgr-password-123" });
    const manager = webClient(app);
    await manager.signIn("mgr@example.com", "mgr-password-123");
    const home = await manager.get("/dashboard");
    expect(home.status).toBe(200);
    expect(home.html).not.toContain('href="/dashboard/account"');
    expect(await manager.get("/dashboard/account")).toMatchObject({ status: 303, location: "/dashboard" });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(home.html)![1]!;
    expect((await manager.post("/dashboard/account/delete", { _csrf: csrf, confirm: "boss@example.com" })).status).toBe(303);
    expect(deps.db.select().from(accounts).where(eq(accounts.id, owner.accountId)).get()).toBeDefined();
  });
});
