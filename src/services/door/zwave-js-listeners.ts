import { and, eq } from "drizzle-orm";
import { locks, providerConnections } from "../../db/schema";
import { parseAllowList } from "../../lib/net/address-policy";
import type { Resolver } from "../../lib/net/guarded-lookup";
import { lockAddressGuard } from "../../providers/locks/connection-address";
import { connectionAad, zwaveJsConnectionConfig } from "../../providers/locks/connection-config";
import { ZwaveJsClient, type ZwaveJsEvent } from "../../providers/locks/zwave-js";
import { notifyAlertChanges } from "../alerts/notify-alert-change";
import type { ServiceDeps } from "../deps";
import { applyLockReading } from "../health/lock-reading";
import { recordZwaveJsEvent } from "./zwave-js-door-events";

export interface ZwaveJsListeners {
  /** Connections currently subscribed. */
  readonly subscribed: number;
  /** Looks for added or deleted Z-Wave JS connections now (it also does every `rescanMs`). */
  rescan(): void;
  stop(): void;
}

/**
 * One `start_listening` subscription per Z-Wave JS connection, for as long as the server runs: door notifications go
 * to door activity, and the driver's word that a node died or came back is a lock health reading at once (the lock
 * offline alert, and its resolution), between the 30-minute polls. A dropped subscription reconnects by itself.
 */
export function startZwaveJsListeners(deps: ServiceDeps, opts: { rescanMs?: number; resolver?: Resolver } = {}): ZwaveJsListeners {
  const guard = lockAddressGuard(parseAllowList(deps.config.STAYKEY_LOCK_ALLOW_HOSTS), opts.resolver);
  const active = new Map<string, () => void>();

  const onEvent = async (connectionId: string, event: ZwaveJsEvent) => {
    if (event.source === "node" && (event.event === "dead" || event.event === "alive") && typeof event.nodeId === "number") {
      const onNode = deps.db.select().from(locks)
        .where(and(eq(locks.provider, "zwave_js"), eq(locks.connectionId, connectionId), eq(locks.providerDeviceId, String(event.nodeId))))
        .all();
      for (const lock of onNode) await notifyAlertChanges(deps, applyLockReading(deps, lock, { online: event.event === "alive" }));
      return;
    }
    await recordZwaveJsEvent(deps, connectionId, event);
  };

  const rescan = () => {
    const rows = deps.db.select().from(providerConnections).where(eq(providerConnections.provider, "zwave_js")).all();
    const wanted = new Set(rows.map((r) => r.id));
    for (const [id, stop] of active) {
      if (!wanted.has(id)) {
        stop();
        active.delete(id);
      }
    }
    for (const row of rows) {
      if (active.has(row.id)) continue;
      try {
        const cfg = zwaveJsConnectionConfig.parse(JSON.parse(deps.box.decrypt(row.configEnc, connectionAad(row.id))));
        const client = new ZwaveJsClient({ url: cfg.url, addressGuard: guard });
        active.set(row.id, client.listen((event) => {
          onEvent(row.id, event).catch((err: unknown) => deps.logger.warn({ err, connectionId: row.id }, "zwave-js event not recorded"));
        }));
      } catch (err) {
        deps.logger.warn({ err, connectionId: row.id }, "zwave-js connection could not be subscribed");
      }
    }
  };

  rescan();
  const timer = setInterval(rescan, opts.rescanMs ?? 5 * 60_000);
  timer.unref();
  return {
    get subscribed() {
      return active.size;
    },
    rescan,
    stop() {
      clearInterval(timer);
      for (const stop of active.values()) stop();
      active.clear();
    },
  };
}
