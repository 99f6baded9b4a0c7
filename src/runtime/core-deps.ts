import { join } from "node:path";
import { loadConfig, type Config } from "../config";
import { openDatabase } from "../db/client";
import { systemClock } from "../lib/clock";
import { createSecretBox, loadOrCreateSecret } from "../lib/crypto";
import { createLogger } from "../lib/logger";
import type { CoreDeps } from "../deps";
import { sealPlaintextContactDetails } from "../services/contact-details/seal-plaintext-rows";

/** Where `serve`, workers and every CLI command find the one database file. */
export function databasePath(config: Pick<Config, "STAYKEY_DATA_DIR">): string {
  return join(config.STAYKEY_DATA_DIR, "staykey.db");
}

/**
 * The deps every entry point (server, worker, CLI commands) builds the same way from the environment. Opening the
 * database migrates it; the contact details an earlier version stored in plaintext are then sealed (a no-op once done).
 */
export function coreDepsFromEnv(
  env: Record<string, string | undefined>,
  opts: { logLevel?: string; logDestination?: NodeJS.WritableStream } = {},
): CoreDeps {
  const config = loadConfig(env);
  const secret = loadOrCreateSecret(config.STAYKEY_DATA_DIR, config.STAYKEY_SECRET);
  const previous = config.STAYKEY_SECRET_PREVIOUS ? config.STAYKEY_SECRET_PREVIOUS.split(",").map((s) => s.trim()) : [];
  const deps: CoreDeps = {
    config,
    db: openDatabase(databasePath(config)),
    box: createSecretBox(secret, previous),
    clock: systemClock,
    logger: createLogger(opts.logLevel ?? config.STAYKEY_LOG_LEVEL, opts.logDestination, config.STAYKEY_LOG_FORMAT),
  };
  sealPlaintextContactDetails(deps);
  return deps;
}
