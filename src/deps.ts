import type { Config } from "./config";
import type { Db } from "./db/client";
import type { Clock } from "./lib/clock";
import type { SecretBox } from "./lib/crypto";
import type { Logger } from "./lib/logger";

/**
 * What every entry point opens first (database, secrets, clock, logs, config), passed in so tests can use
 * real-but-local parts (in-memory SQLite, a manual clock). The app and the job processors run on ServiceDeps
 * (services/deps), which adds the job queue, the providers and the events.
 */
export interface CoreDeps {
  db: Db;
  box: SecretBox;
  clock: Clock;
  logger: Logger;
  config: Config;
}
