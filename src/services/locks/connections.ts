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
  matterConnectionConfig,
  seamConnectionConfig,
  zwaveJsConnectionConfig,
  type HomeAssistantConnectionConfig,
  type MatterConnectionConfig,
  type SeamConnectionConfig,
  type ZwaveJsConnectionConfig,
} from "../../providers/locks/connection-config";
import type { MatterFabrics } from "../../providers/locks/matter/matter-fabrics";
import { conflict, invalid, ServiceError } from "../errors";
import { findConnection } from "../lookups";

/** What a host gives per provider; the API's input schema is built from these (the vendor's shape lives with its adapter). */
export const connectionConfigSchemas = { seam: seamConnectionConfig, home_assistant: homeAssistantConnectionConfig, zwave_js: zwaveJsConnectionConfig, matter: matterConnectionConfig } as const;

export type ConnectionInput =
  | { provider: "seam"; name: string; config: SeamConnectionConfig }
  | { provider: "home_assistant"; name: string; config: HomeAssistantConnectionConfig }
  | { provider: "zwave_js"; name: string; config: ZwaveJsConnectionConfig }
  | { provider: "matter"; name: string; config: MatterConnectionConfig };

export type { ConnectionRow };
/**
 * What identifies a connection and how it is doing; its credentials never leave the service, only a hint to recognise
 * them by ("key ending 4f2a"), so a host can tell which key is in use without it being shown again.
 */
export type ConnectionSummary = Pick<ConnectionRow, "id" | "provider" | "name" | "createdAt" | "lastSuccessAt" | "lastErrorAt" | "lastError" | "rotatedAt"> & { credentialHint: string };
export type ConnectionChoice = Pick<ConnectionRow, "id" | "name" | "provider">;
type SummaryDeps = Pick<CoreDeps, "db" | "box">;

const lastFour = (secret: string) => `ending ${secret.slice(-4)}`;

/**
 * The hint for each kind, by the end of what is sealed: Seam's key and HA's token (last 4), a Z-Wave JS server's URL
 * (its port, last 5). Addresses are sealed and not returned like feed URLs: they map the host's home network.
 */
function credentialHint(box: CoreDeps["box"], row: ConnectionRow): string {
  const raw = JSON.parse(box.decrypt(row.configEnc, connectionAad(row.id))) as Record<string, unknown>;
  const text = (k: string) => (typeof raw[k] === "string" ? (raw[k] as string) : "");
  if (row.provider === "seam") return `API key ${lastFour(text("apiKey"))}`;
  if (row.provider === "home_assistant") return `token ${lastFour(text("token"))}`;
  if (row.provider === "matter") return raw.fabric ? "staykey's own Matter fabric" : "Matter fabric not paired yet";
  return `server URL ending ${text("url").replace(/\/+$/, "").slice(-5)}`;
}

const summary = (box: CoreDeps["box"], row: ConnectionRow): ConnectionSummary => ({
  id: row.id, provider: row.provider, name: row.name, createdAt: row.createdAt,
  lastSuccessAt: row.lastSuccessAt, lastErrorAt: row.lastErrorAt, lastError: row.lastError, rotatedAt: row.rotatedAt,
  credentialHint: credentialHint(box, row),
});

type AddressDeps = { config: Pick<Config, "STAYKEY_LOCK_ALLOW_HOSTS"> };
/** The process's Matter controllers (absent where this process serves no Matter locks). */
type MatterDeps = { matter?: MatterFabrics };

/** A controller on the host's own network is reached only where the lock address policy allows; refused with a reason. */
async function assertAllowedAddress(deps: AddressDeps, input: ConnectionInput, resolver?: Resolver): Promise<void> {
  const hostUrl = input.provider === "home_assistant" ? { path: "config.baseUrl", url: input.config.baseUrl } : input.provider === "zwave_js" ? { path: "config.url", url: input.config.url } : null;
  if (!hostUrl) return;
  const guard = lockAddressGuard(parseAllowList(deps.config.STAYKEY_LOCK_ALLOW_HOSTS), resolver);
  const problem = await connectionUrlProblem(hostUrl.url, guard);
  if (problem) throw new ServiceError("invalid", `${hostUrl.path}: ${problem}`, [{ path: hostUrl.path, message: problem }]);
}

/**
 * Stores a lock-provider connection, credentials sealed to the row. A URL the lock address policy refuses is refused
 * here with a reason, before any token is stored for it; each call to the provider checks the address again.
 */
export async function createConnection(
  deps: Pick<CoreDeps, "db" | "clock" | "box"> & AddressDeps & MatterDeps,
  accountId: string,
  input: ConnectionInput,
  opts: { resolver?: Resolver } = {},
): Promise<ConnectionSummary> {
  if (input.provider === "matter") return pairMatterConnection(deps, accountId, input);
  await assertAllowedAddress(deps, input, opts.resolver);
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
  return summary(deps.box, connection);
}

export function getConnection(deps: SummaryDeps, accountId: string, id: string): ConnectionSummary {
  return summary(deps.box, findConnection(deps.db, accountId, id));
}

export function listConnections(deps: SummaryDeps, accountId: string, q: { limit: number; cursor?: string }) {
  const p = listAccountPage(deps.db, providerConnections, accountId, [], q);
  return { data: p.data.map((row) => summary(deps.box, row)), nextCursor: p.nextCursor };
}

/**
 * Replaces a connection's key, token or address (the provider stays): checked like a new connection's, sealed to the
 * row in place of the old one, which is gone at once. The health seen with the old credentials no longer says
 * anything, so it is cleared; the caller checks the connection again with the new ones.
 */
export async function rotateConnection(
  deps: Pick<CoreDeps, "db" | "clock" | "box"> & AddressDeps,
  accountId: string,
  id: string,
  rawConfig: unknown,
  opts: { resolver?: Resolver } = {},
): Promise<ConnectionSummary> {
  const row = findConnection(deps.db, accountId, id);
  if (row.provider === "matter") throw invalid("a Matter connection has no key or address to replace: pair the lock again as a new connection");
  const parsed = connectionConfigSchemas[row.provider].safeParse(rawConfig);
  if (!parsed.success) throw invalid(`config: ${parsed.error.issues.map((i) => `${i.path.join(".") || "config"} ${i.message}`).join("; ")}`, parsed.error.issues.map((i) => ({ path: ["config", ...i.path].join("."), message: i.message })));
  await assertAllowedAddress(deps, { provider: row.provider, name: row.name, config: parsed.data } as ConnectionInput, opts.resolver);
  deps.db
    .update(providerConnections)
    .set({ configEnc: deps.box.encrypt(JSON.stringify(parsed.data), connectionAad(row.id)), rotatedAt: deps.clock.now(), lastSuccessAt: null, lastErrorAt: null, lastError: null })
    .where(eq(providerConnections.id, row.id))
    .run();
  return getConnection(deps, accountId, id);
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

/**
 * Deletes a connection no lock uses any more. A Matter connection is staykey's own fabric on the locks it paired, so
 * deleting it first takes staykey's codes (every user its fabric created) and then the fabric itself off each lock, and
 * stops its controller; a lock that cannot be reached then is named in `locksNotReached`, for the host to remove
 * staykey in their own app.
 */
export async function deleteConnection(deps: Pick<CoreDeps, "db" | "logger"> & MatterDeps, accountId: string, id: string): Promise<{ locksNotReached: number }> {
  const row = findConnection(deps.db, accountId, id);
  const inUse = deps.db.select({ id: locks.id }).from(locks).where(eq(locks.connectionId, row.id)).get();
  if (inUse) throw conflict("locks still use this connection; delete or relink them first");
  let locksNotReached = 0;
  if (row.provider === "matter" && deps.matter) {
    const left = await deps.matter.leave(row.id);
    locksNotReached = left.filter((n) => !n.reached).length;
    deps.logger.info({ connectionId: row.id, nodes: left.length, cleared: left.reduce((n, l) => n + l.cleared, 0), locksNotReached }, "left the Matter fabric of a deleted connection");
  }
  deps.db.delete(providerConnections).where(eq(providerConnections.id, row.id)).run();
  return { locksNotReached };
}

/** The vendor answered a call made with this connection: the health the connection page shows ("last successful call"). */
export function noteConnectionAnswered(deps: Pick<CoreDeps, "db" | "clock">, connectionId: string): void {
  deps.db.update(providerConnections).set({ lastSuccessAt: deps.clock.now() }).where(eq(providerConnections.id, connectionId)).run();
}

/**
 * A Matter connection is staykey's own fabric, made by commissioning the lock whose pairing window the host opened: the
 * row exists (sealed, no fabric yet) before commissioning so the controller's state has a place to be sealed into as it
 * is written, and is deleted again if the lock cannot be paired. The pairing code itself is not kept.
 */
async function pairMatterConnection(
  deps: Pick<CoreDeps, "db" | "clock" | "box"> & MatterDeps,
  accountId: string,
  input: Extract<ConnectionInput, { provider: "matter" }>,
): Promise<ConnectionSummary> {
  // Loaded here, not at start: matter.js is slow to import and most processes never pair a lock.
  const { parsePairingCode } = await import("../../providers/locks/matter/pairing-code");
  const pairing = parsePairingCode(input.config.pairingCode);
  if ("error" in pairing) throw invalid(`config.pairingCode: ${pairing.error}`, [{ path: "config.pairingCode", message: pairing.error }]);
  if (!deps.matter) throw new ServiceError("unavailable", "this staykey process runs no Matter controller");
  const id = newId("conn");
  const row: ConnectionRow = {
    id, accountId, provider: "matter", name: input.name,
    configEnc: deps.box.encrypt(JSON.stringify({ fabric: null }), connectionAad(id)),
    eventCursor: null, lastSuccessAt: null, lastErrorAt: null, lastError: null, rotatedAt: null, createdAt: deps.clock.now(),
  };
  deps.db.insert(providerConnections).values(row).run();
  try {
    await deps.matter.commission(id, pairing);
  } catch {
    await deps.matter.forget(id);
    deps.db.delete(providerConnections).where(eq(providerConnections.id, id)).run();
    // matter.js's reasons name sessions and addresses, not what a host can act on.
    throw new ServiceError("unavailable", "the lock could not be paired: check that its pairing window is still open (they close after a few minutes) and that staykey is on the lock's network");
  }
  deps.db.update(providerConnections).set({ lastSuccessAt: deps.clock.now() }).where(eq(providerConnections.id, id)).run();
  return getConnection(deps, accountId, id);
}
