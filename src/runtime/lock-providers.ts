import { eq } from "drizzle-orm";
import type { CoreDeps } from "../deps";
import { providerConnections } from "../db/schema";
import { parseAllowList } from "../lib/net/address-policy";
import type { Resolver } from "../lib/net/guarded-lookup";
import { lockAddressGuard } from "../providers/locks/connection-address";
import { connectionAad, homeAssistantConnectionConfig, storedSeamConnectionConfig, zwaveJsConnectionConfig } from "../providers/locks/connection-config";
import { HomeAssistantLockProvider } from "../providers/locks/home-assistant";
import { SeamLockProvider } from "../providers/locks/seam";
import { SimulatedLockProvider, type SimulatedLockStore } from "../providers/locks/simulated";
import type { LockProvider, OnProviderCall } from "../providers/locks/types";
import { ZwaveJsLockProvider } from "../providers/locks/zwave-js";
import { parseMatterDeviceId } from "../providers/locks/matter/device-id";
import { lazyMatterLockProvider } from "../providers/locks/matter/lazy-provider";
import type { MatterFabrics } from "../providers/locks/matter/matter-fabrics";
import { ProviderError } from "../providers/locks/provider-error";
import { lockCallAuditor } from "../services/access/lock-call-audit";
import { noteConnectionAnswered } from "../services/locks/connections";
import type { LockRow } from "../services/deps";

/**
 * Resolves the adapter for a lock. Adapters are cheap HTTP clients, made per call so each carries an audit hook
 * bound to the lock's account: every external call leaves an audit row with the provider's request id, and
 * credentials are decrypted only here, never logged.
 */
export function createLockProviderResolver(
  deps: CoreDeps,
  simulated: SimulatedLockStore,
  opts: { resolver?: Resolver; matter?: MatterFabrics } = {},
): (lock: LockRow) => LockProvider {
  const addressGuard = lockAddressGuard(parseAllowList(deps.config.STAYKEY_LOCK_ALLOW_HOSTS), opts.resolver);
  return (lock) => {
    const audit = lockCallAuditor(deps.db, deps.clock, lock);
    if (lock.provider === "simulated") {
      const provider = new SimulatedLockProvider({ store: simulated, clock: deps.clock, onCall: audit });
      // The simulated lock exists as soon as a host adds it: no vendor account to pair with.
      if (!simulated.devices.has(lock.providerDeviceId)) provider.addDevice({ deviceId: lock.providerDeviceId, name: lock.name });
      return provider;
    }
    const connection = lock.connectionId
      ? deps.db.select().from(providerConnections).where(eq(providerConnections.id, lock.connectionId)).get()
      : undefined;
    if (!connection || connection.accountId !== lock.accountId || connection.provider !== lock.provider) {
      throw new ProviderError({ kind: "permanent", provider: lock.provider, action: "resolve_connection", message: `lock ${lock.id} has no ${lock.provider} connection; add one and link it to the lock` });
    }
    const onCall: OnProviderCall = (call) => {
      audit(call);
      if (call.status === "ok") noteConnectionAnswered(deps, connection.id);
    };
    if (lock.provider === "matter") {
      const matter = opts.matter;
      // Retryable: the job goes back to the queue, for the serve process (the one that drives Matter fabrics) to take.
      if (!matter) throw new ProviderError({ kind: "transient", provider: "matter", action: "resolve_connection", message: "Matter locks are driven by the serve process; this worker leaves the job to it", retryAfterMs: 30_000 });
      // The fabric state is opened by the controller (services/locks/matter-fabric-store), not here: nothing else in it is needed.
      const device = parseMatterDeviceId(lock.providerDeviceId);
      return lazyMatterLockProvider({
        controller: () => matter.controller(connection.id),
        onCall,
        locks: device
          ? [{
            deviceId: lock.providerDeviceId, peer: device.peer, endpoint: device.endpoint, name: lock.name,
            ...(lock.slotCapacity ? { slotCapacity: lock.slotCapacity } : {}),
            ...(lock.supportedCodeLengths ? { codeLengths: lock.supportedCodeLengths } : {}),
          }]
          : [],
      });
    }
    const raw = JSON.parse(deps.box.decrypt(connection.configEnc, connectionAad(connection.id))) as unknown;
    if (lock.provider === "seam") {
      const cfg = storedSeamConnectionConfig.parse(raw);
      return new SeamLockProvider({ apiKey: cfg.apiKey, baseUrl: deps.config.SEAM_API_URL, onCall });
    }
    if (lock.provider === "zwave_js") {
      const cfg = zwaveJsConnectionConfig.parse(raw);
      return new ZwaveJsLockProvider({
        url: cfg.url,
        addressGuard,
        onCall,
        locks: [
          {
            nodeId: Number(lock.providerDeviceId),
            name: lock.name,
            ...(lock.slotCapacity ? { slotCapacity: lock.slotCapacity } : {}),
            ...(lock.supportedCodeLengths ? { codeLengths: lock.supportedCodeLengths } : {}),
          },
        ],
      });
    }
    const cfg = homeAssistantConnectionConfig.parse(raw);
    return new HomeAssistantLockProvider({
      baseUrl: cfg.baseUrl,
      token: cfg.token,
      addressGuard,
      onCall,
      locks: [
        {
          entityId: lock.providerDeviceId,
          name: lock.name,
          slotCapacity: lock.slotCapacity ?? 10,
          ...(lock.supportedCodeLengths ? { codeLengths: lock.supportedCodeLengths } : {}),
        },
      ],
    });
  };
}
