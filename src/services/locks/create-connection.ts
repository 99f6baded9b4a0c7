import type { Config } from "../../config";
import type { Db } from "../../db/client";
import { providerConnections } from "../../db/schema";
import type { Clock } from "../../lib/clock";
import type { SecretBox } from "../../lib/crypto";
import { newId } from "../../lib/ids";
import { parseAllowList } from "../../lib/net/address-policy";
import type { Resolver } from "../../lib/net/guarded-lookup";
import { connectionUrlProblem, lockAddressGuard } from "../../providers/locks/connection-address";
import { connectionAad, type HomeAssistantConnectionConfig, type SeamConnectionConfig } from "../../providers/locks/connection-config";

export type ConnectionInput =
  | { provider: "seam"; name: string; config: SeamConnectionConfig }
  | { provider: "home_assistant"; name: string; config: HomeAssistantConnectionConfig };

type ConnectionRow = typeof providerConnections.$inferSelect;
export type CreateConnectionResult = { ok: true; connection: ConnectionRow } | { ok: false; message: string; errors: { path: string; message: string }[] };

/**
 * Stores a lock-provider connection, credentials sealed to the row. A URL the lock address policy refuses is refused
 * here with a reason, before any token is stored for it; each call to the provider checks the address again.
 */
export async function createConnection(
  deps: { db: Db; clock: Clock; box: SecretBox; config: Pick<Config, "STAYKEY_LOCK_ALLOW_HOSTS"> },
  accountId: string,
  input: ConnectionInput,
  opts: { resolver?: Resolver } = {},
): Promise<CreateConnectionResult> {
  if (input.provider === "home_assistant") {
    const guard = lockAddressGuard(parseAllowList(deps.config.STAYKEY_LOCK_ALLOW_HOSTS), opts.resolver);
    const problem = await connectionUrlProblem(input.config.baseUrl, guard);
    if (problem) return { ok: false, message: `config.baseUrl: ${problem}`, errors: [{ path: "config.baseUrl", message: problem }] };
  }
  const id = newId("conn");
  const connection: ConnectionRow = {
    id,
    accountId,
    provider: input.provider,
    name: input.name,
    configEnc: deps.box.encrypt(JSON.stringify(input.config), connectionAad(id)),
    createdAt: deps.clock.now(),
  };
  deps.db.insert(providerConnections).values(connection).run();
  return { ok: true, connection };
}
