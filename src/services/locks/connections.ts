import { asc, eq } from "drizzle-orm";
import type { Config } from "../../config";
import { listAccountPage } from "../../db/account-page";
import type { ConnectionRow } from "../../db/rows";
import { locks, providerConnections } from "../../db/schema";
import type { CoreDeps } from "../../deps";
import { newId } from "../../lib/ids";
import { parseAllowList } from "../../lib/net/address-policy";
import type { Resolver } from "../../lib/net/guarded-lookup";
import { connectionUrlProblem, lockAddressGuard } from "../../providers/locks/connection-address";
import {
  connectionAad,
  homeAssistantConnectionConfig,
  seamConnectionConfig,
  zwaveJsConnectionConfig,
  type HomeAssistantConnectionConfig,
  type SeamConnectionConfig,
  type ZwaveJsConnectionConfig,
} from "../../providers/locks/connection-config";
import { conflict, ServiceError } from "../errors";
import { findConnection } from "../lookups";

/** What a host gives per provider; the API's input schema is built from these (the vendor's shape lives with its adapter). */
export const connectionConfigSchemas = { seam: seamConnectionConfig, home_assistant: homeAssistantConnectionConfig, zwave_js: zwaveJsConnectionConfig } as const;

export type ConnectionInput =
  | { provider: "seam"; name: string; config: SeamConnectionConfig }
  | { provider: "home_assistant"; name: string; config: HomeAssistantConnectionConfig }
  | { provider: "zwave_js"; name: string; config: ZwaveJsConnectionConfig };

export type { ConnectionRow };
/** What identifies a connection; its credentials never leave the service. */
export type ConnectionSummary = Pick<ConnectionRow, "id" | "provider" | "name" | "createdAt">;
export type ConnectionChoice = Pick<ConnectionRow, "id" | "name" | "provider">;

const summary = (row: ConnectionRow): ConnectionSummary => ({ id: row.id, provider: row.provider, name: row.name, createdAt: row.createdAt });

/**
 * Stores a lock-provider connection, credentials sealed to the row. A URL the lock address policy refuses is refused
 * here with a reason, before any token is stored for it; each call to the provider checks the address again.
 */
export async function createConnection(
  deps: Pick<CoreDeps, "db" | "clock" | "box"> & { config: Pick<Config, "STAYKEY_LOCK_ALLOW_HOSTS"> },
  accountId: string,
  input: ConnectionInput,
  opts: { resolver?: Resolver } = {},
): Promise<ConnectionSummary> {
  // A controller on the host's own network is reached only where the lock address policy allows.
  const hostUrl = input.provider === "home_assistant" ? { path: "config.baseUrl", url: input.config.baseUrl } : input.provider === "zwave_js" ? { path: "config.url", url: input.config.url } : null;
  if (hostUrl) {
    const guard = lockAddressGuard(parseAllowList(deps.config.STAYKEY_LOCK_ALLOW_HOSTS), opts.resolver);
    const problem = await connectionUrlProblem(hostUrl.url, guard);
    if (problem) throw new ServiceError("invalid", `${hostUrl.path}: ${problem}`, [{ path: hostUrl.path, message: problem }]);
  }
  const id = newId("conn");
  const connection: ConnectionRow = {
    id,
    accountId,
    provider: input.provider,
    name: input.name,
    configEnc: deps.box.encrypt(JSON.stringify(input.config), connectionAad(id)),
    eventCursor: null,
    lastSuccessAt: null,
    lastErrorAt: null,
    lastError: null,
    rotatedAt: null,
    createdAt: deps.clock.now(),
  };
  deps.db.insert(providerConnections).values(connection).run();
  return summary(connection);
}

export function getConnection(deps: Pick<CoreDeps, "db">, accountId: string, id: string): ConnectionSummary {
  return summary(findConnection(deps.db, accountId, id));
}

export function listConnections(deps: Pick<CoreDeps, "db">, accountId: string, q: { limit: number; cursor?: string }) {
  const p = listAccountPage(deps.db, providerConnections, accountId, [], q);
  return { data: p.data.map(summary), nextCursor: p.nextCursor };
}

/** The account's connections by name, for the add-lock form's choice. */
export function connectionChoices(deps: Pick<CoreDeps, "db">, accountId: string): ConnectionChoice[] {
  return deps.db
    .select({ id: providerConnections.id, name: providerConnections.name, provider: providerConnections.provider })
    .from(providerConnections)
    .where(eq(providerConnections.accountId, accountId))
    .orderBy(asc(providerConnections.name))
    .all();
}

export function deleteConnection(deps: Pick<CoreDeps, "db">, accountId: string, id: string): void {
  const row = findConnection(deps.db, accountId, id);
  const inUse = deps.db.select({ id: locks.id }).from(locks).where(eq(locks.connectionId, row.id)).get();
  if (inUse) throw conflict("locks still use this connection; delete or relink them first");
  deps.db.delete(providerConnections).where(eq(providerConnections.id, row.id)).run();
}
