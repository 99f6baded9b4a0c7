import type { Db } from "../../db/client";

/** The handle drizzle passes to a synchronous better-sqlite3 transaction callback. */
export type SyncTx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/** A stay whose version moved in this sync: the access-code planner gets one job per (stay, version). */
export interface TouchedStay {
  id: string;
  version: number;
}
