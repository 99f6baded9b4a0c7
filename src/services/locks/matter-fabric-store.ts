import { eq } from "drizzle-orm";
import { providerConnections } from "../../db/schema";
import type { CoreDeps } from "../../deps";
import { connectionAad, matterStoredConfig } from "../../providers/locks/connection-config";
import type { MatterFabricStore } from "../../providers/locks/matter/matter-fabrics";

/**
 * Where staykey's Matter controllers keep their fabric state (root and operational keys, the commissioned nodes): in
 * the connection's own row, sealed with STAYKEY_SECRET and bound to the connection's id like every connection's
 * credentials, so it is backed up with the database and never lies on disk in the clear. A deleted connection's state
 * goes with its row.
 */
export function matterFabricStore(deps: Pick<CoreDeps, "db" | "box">): MatterFabricStore {
  const row = (id: string) => deps.db.select().from(providerConnections).where(eq(providerConnections.id, id)).get();
  return {
    load(connectionId) {
      const r = row(connectionId);
      if (!r || r.provider !== "matter") return undefined;
      return matterStoredConfig.parse(JSON.parse(deps.box.decrypt(r.configEnc, connectionAad(r.id)))).fabric ?? undefined;
    },
    save(connectionId, snapshot) {
      deps.db
        .update(providerConnections)
        .set({ configEnc: deps.box.encrypt(JSON.stringify({ fabric: snapshot }), connectionAad(connectionId)) })
        .where(eq(providerConnections.id, connectionId))
        .run();
    },
  };
}
