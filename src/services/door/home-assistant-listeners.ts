import { and, eq } from "drizzle-orm";
import type { LockRow } from "../../db/rows";
import { locks, providerConnections } from "../../db/schema";
import { parseAllowList } from "../../lib/net/address-policy";
import type { Resolver } from "../../lib/net/guarded-lookup";
import { realTimers, type Timers } from "../../lib/timers";
import { lockAddressGuard } from "../../providers/locks/connection-address";
import { connectionAad, homeAssistantConnectionConfig } from "../../providers/locks/connection-config";
import { HomeAssistantEventStream, type HaBusEvent, type HaStreamStatus } from "../../providers/locks/home-assistant";
import { ZWAVE_JS_NOTIFICATION_EVENT } from "../../providers/locks/home-assistant/ha-door-notifications";
import { notifyAlertChanges } from "../alerts/notify-alert-change";
import type { ServiceDeps } from "../deps";
import { applyLockReading } from "../health/lock-reading";
import { recordHomeAssistantEvent } from "./home-assistant-door-events";

export interface HomeAssistantListenersOptions {
  rescanMs?: number;
  resolver?: Resolver;
  timers?: Timers;
  random?: () => number;
  /** Reconnect waits, doubling from `initialMs` to `maxMs` with jitter. Default 1 s to 5 min. */
  backoff?: { initialMs?: number; maxMs?: number };
  /** How long a lost connection may stay lost before its locks are reported offline. Default 5 minutes. */
  offlineGraceMs?: number;
  heartbeatMs?: number;
}

export interface HomeAssistantListeners {
  /** Connections with a stream running (subscribed or reconnecting). */
  readonly running: number;
  /** Looks for added, changed or removed connections and locks now (it also does every `rescanMs`). */
  rescan(): void;
  stop(): void;
}

/** HA's entity registry entries, as far as they are read here. */
interface EntityEntry {
  entity_id: string;
  device_id: string | null;
}

/** Unknown devices (a motion sensor's notification) re-read the entity registry at most this often. */
const REGISTRY_REFRESH_MS = 60_000;

const haLocksOf = (deps: Pick<ServiceDeps, "db">, connectionId: string): LockRow[] =>
  deps.db.select().from(locks).where(and(eq(locks.provider, "home_assistant"), eq(locks.connectionId, connectionId))).all();

/**
 * One event subscription per Home Assistant connection that has locks, for as long as the server runs: Z-Wave JS door
 * notifications (`zwave_js_notification`) become door activity. HA names the device that reported, and a lock is
 * stored by its `lock.*` entity, so each connection keeps the entity registry's device → entities map (re-read after
 * every reconnect, and when an unknown device reports). A lost connection reconnects by itself; if it stays lost for
 * the grace its locks are reported offline (the lock_offline alert, not a failed code), and once it is back each is
 * read again over REST.
 */
export function startHomeAssistantListeners(deps: ServiceDeps, opts: HomeAssistantListenersOptions = {}): HomeAssistantListeners {
  const guard = lockAddressGuard(parseAllowList(deps.config.STAYKEY_LOCK_ALLOW_HOSTS), opts.resolver);
  const timers = opts.timers ?? realTimers;
  const graceMs = opts.offlineGraceMs ?? 5 * 60_000;
  /** Connection id → its running listener and the version of the config it runs with. */
  const active = new Map<string, { version: string; stop: () => void }>();

  function listen(connectionId: string, cfg: { baseUrl: string; token: string }): () => void {
    let registry: { byDevice: Map<string, string[]>; readAt: number } | undefined;
    let graceTimer: unknown;
    let reportedOffline = false;
    let queue: Promise<unknown> = Promise.resolve();

    const entitiesOnDevice = async (deviceId: string): Promise<string[]> => {
      const known = registry?.byDevice.get(deviceId);
      if (known || (registry && deps.clock.now().getTime() - registry.readAt < REGISTRY_REFRESH_MS)) return known ?? [];
      const entries = await stream.command<EntityEntry[]>("config/entity_registry/list");
      const byDevice = new Map<string, string[]>();
      for (const e of entries ?? []) {
        if (!e.device_id || !e.entity_id.startsWith("lock.")) continue;
        byDevice.set(e.device_id, [...(byDevice.get(e.device_id) ?? []), e.entity_id]);
      }
      registry = { byDevice, readAt: deps.clock.now().getTime() };
      return byDevice.get(deviceId) ?? [];
    };

    const onEvent = (event: HaBusEvent) => {
      // One at a time per connection, so a registry read is shared by the events that wait on it.
      queue = queue
        .then(() => recordHomeAssistantEvent(deps, connectionId, event, entitiesOnDevice))
        .catch((err: unknown) => deps.logger.warn({ err, connectionId }, "home assistant door event not recorded"));
    };

    const setOnline = async (online: boolean) => {
      for (const lock of haLocksOf(deps, connectionId)) {
        let reading = { online };
        if (online) {
          // Back in touch with HA is not the lock being back: ask HA for the lock's own state.
          try {
            reading = { online: (await deps.lockProvider(lock).getDevice(lock.providerDeviceId)).online };
          } catch {
            continue;
          }
        }
        await notifyAlertChanges(deps, applyLockReading(deps, lock, reading));
      }
    };

    const onStatus = (status: HaStreamStatus) => {
      if (status.state === "subscribed") {
        registry = undefined;
        timers.clear(graceTimer);
        graceTimer = undefined;
        if (reportedOffline) {
          reportedOffline = false;
          queue = queue.then(() => setOnline(true)).catch((err: unknown) => deps.logger.warn({ err, connectionId }, "home assistant locks not re-read"));
        }
        deps.logger.info({ connectionId }, "home assistant events subscribed");
        return;
      }
      deps.logger.warn(
        { connectionId, state: status.state, ...(status.state === "disconnected" ? { reason: status.reason, failures: status.failures } : {}), retryInMs: status.retryInMs },
        "home assistant event stream lost; reconnecting",
      );
      if (graceTimer !== undefined || reportedOffline) return;
      graceTimer = timers.set(() => {
        graceTimer = undefined;
        reportedOffline = true;
        queue = queue.then(() => setOnline(false)).catch((err: unknown) => deps.logger.warn({ err, connectionId }, "home assistant locks not marked offline"));
      }, graceMs);
    };

    const stream = new HomeAssistantEventStream({
      baseUrl: cfg.baseUrl,
      token: cfg.token,
      eventType: ZWAVE_JS_NOTIFICATION_EVENT,
      addressGuard: guard,
      timers,
      ...(opts.random ? { random: opts.random } : {}),
      ...(opts.backoff ? { backoff: opts.backoff } : {}),
      ...(opts.heartbeatMs ? { heartbeatMs: opts.heartbeatMs } : {}),
      onEvent,
      onStatus,
    });
    stream.start();
    return () => {
      timers.clear(graceTimer);
      stream.stop();
    };
  }

  const rescan = () => {
    const rows = deps.db.select().from(providerConnections).where(eq(providerConnections.provider, "home_assistant")).all()
      // A connection without locks has nothing to hear.
      .filter((r) => haLocksOf(deps, r.id).length > 0);
    const wanted = new Map(rows.map((r) => [r.id, `${r.rotatedAt?.getTime() ?? 0}`]));
    for (const [id, running] of active) {
      if (wanted.get(id) === running.version) continue;
      running.stop();
      active.delete(id);
    }
    for (const row of rows) {
      if (active.has(row.id)) continue;
      try {
        const cfg = homeAssistantConnectionConfig.parse(JSON.parse(deps.box.decrypt(row.configEnc, connectionAad(row.id))));
        active.set(row.id, { version: wanted.get(row.id) ?? "0", stop: listen(row.id, cfg) });
      } catch (err) {
        deps.logger.warn({ err, connectionId: row.id }, "home assistant connection could not be subscribed");
      }
    }
  };

  rescan();
  const timer = setInterval(rescan, opts.rescanMs ?? 5 * 60_000);
  timer.unref();
  return {
    get running() {
      return active.size;
    },
    rescan,
    stop() {
      clearInterval(timer);
      for (const running of active.values()) running.stop();
      active.clear();
    },
  };
}
