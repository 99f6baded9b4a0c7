import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { providerConnections } from "../../src/db/schema";
import { newId } from "../../src/lib/ids";
import { connectionAad } from "../../src/providers/locks/connection-config";
import { ProviderError } from "../../src/providers/locks/provider-error";
import { createSimulatedLockStore } from "../../src/providers/locks/simulated";
import { buildRuntime } from "../../src/runtime/build-runtime";
import { createLockProviderResolver } from "../../src/runtime/lock-providers";
import { testServiceDeps } from "../support/service-deps";
import { testWorld } from "../support/world";

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("which process drives Matter fabrics", () => {
  it("is the one built with Matter controllers (serve); a worker's runtime has none", async () => {
    const dir = mkdtempSync(join(tmpdir(), "staykey-matter-owner-"));
    dirs.push(dir);
    const env = { STAYKEY_DATA_DIR: dir, STAYKEY_LOG_LEVEL: "silent", STAYKEY_PARSE_THREADS: "0" };
    const serve = buildRuntime(env);
    expect(serve.deps.matter).toBeDefined();
    await serve.close();
    const worker = buildRuntime(env, { matterControllers: false });
    expect(worker.deps.matter).toBeUndefined();
    await worker.close();
  });

  it("hands a Matter lock's job back from a process without controllers as retryable, so the serve process does it", async () => {
    const deps = testServiceDeps();
    const world = testWorld(deps);
    const { accountId } = await world.account({ name: "Matter host" });
    const property = world.property(accountId, { name: "Flat" });
    const id = newId("conn");
    deps.db.insert(providerConnections).values({
      id, accountId, provider: "matter", name: "Front door", configEnc: deps.box.encrypt(JSON.stringify({ fabric: null }), connectionAad(id)),
      eventCursor: null, lastSuccessAt: null, lastErrorAt: null, lastError: null, rotatedAt: null, createdAt: deps.clock.now(),
    }).run();
    const lock = world.lock(property.id, { name: "Front door", provider: "matter", providerDeviceId: "peer1/1", connectionId: id });
    const resolve = createLockProviderResolver(deps, createSimulatedLockStore());
    let caught: unknown;
    try {
      resolve(lock);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ProviderError);
    expect((caught as ProviderError).retryable).toBe(true);
  });
});
