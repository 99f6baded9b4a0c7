import type { Config } from "./config";
import type { Db } from "./db/client";
import type { Clock } from "./lib/clock";
import type { SecretBox } from "./lib/crypto";
import type { Logger } from "./lib/logger";

/**
 * Everything the app and the job processors need, passed in so tests can use real-but-local parts
 * (in-memory SQLite, loopback peers, a manual clock). Later capabilities add optional members.
 */
export interface CoreDeps {
  db: Db;
  box: SecretBox;
  clock: Clock;
  logger: Logger;
  config: Config;
}
