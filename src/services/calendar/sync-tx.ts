import type { Db } from "../../db/client";

/**
 * What sync code writes through inside its transaction: drizzle's transaction handle, or the database itself when the
 * transaction was opened on the connection directly (a shared commit, see inSharedTransaction); one connection either way.
 */
export type SyncTx = Pick<Db, "update">;

/** A stay whose version moved in this sync: the access-code planner gets one job per (stay, version). */
export interface TouchedStay {
  id: string;
  version: number;
}
