import type { LockProvider } from "../types";
import type { MatterLockProviderOptions } from "./matter-lock-provider";

/**
 * The Matter adapter, loaded on its first call: matter.js takes seconds of CPU to import, which every staykey process
 * (the CLI, workers, a server with no Matter lock) would otherwise pay at start.
 */
export function lazyMatterLockProvider(opts: MatterLockProviderOptions): LockProvider {
  let loaded: Promise<LockProvider> | undefined;
  const load = () => (loaded ??= import("./matter-lock-provider").then((m) => new m.MatterLockProvider(opts)));
  return {
    kind: "matter",
    capabilities: (device) => device.capabilities,
    listDevices: async () => (await load()).listDevices(),
    discoverLocks: async () => (await load()).discoverLocks!(),
    getDevice: async (id) => (await load()).getDevice(id),
    createCode: async (id, input) => (await load()).createCode(id, input),
    updateCode: async (id, codeId, input) => (await load()).updateCode(id, codeId, input),
    deleteCode: async (id, codeId) => (await load()).deleteCode(id, codeId),
    getCode: async (id, codeId) => (await load()).getCode(id, codeId),
    listCodes: async (id) => (await load()).listCodes(id),
  };
}
