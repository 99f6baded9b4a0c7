import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadConfig } from "../config";
import { openDatabase } from "../db/client";
import { systemClock } from "../lib/clock";
import { databasePath } from "../runtime/core-deps";
import { backupDatabase, BackupError, restoreDatabase } from "../services/operations";
import { findUserByEmail } from "../services/accounts/create-account";
import { exportAccount } from "../services/operations/account-export";
import { stringFlag } from "./args";
import { withCoreDeps } from "./context";
import { CliUsageError, type CliIo, type ParsedArgs } from "./types";

/** `staykey backup <file>`: needs no secret and no migration, only the database, so it runs beside a live serve. */
export async function backupCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  if (!args.positional) throw new CliUsageError("name the backup file: staykey backup <file>");
  const config = loadConfig(io.env);
  const db = openDatabase(databasePath(config), { migrate: false });
  try {
    const result = await backupDatabase(db.$client, args.positional);
    io.out(args.json ? JSON.stringify(result) : `backed up ${databasePath(config)} to ${result.file} (${result.bytes} bytes, schema ${result.schema}, ${result.ms} ms)`);
    return 0;
  } catch (err) {
    if (!(err instanceof BackupError)) throw err;
    io.err(`backup failed: ${err.message}`);
    return 1;
  } finally {
    db.$client.close();
  }
}

export async function restoreCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  if (!args.positional) throw new CliUsageError("name the backup file: staykey restore <file>");
  const config = loadConfig(io.env);
  try {
    const result = restoreDatabase(args.positional, databasePath(config), systemClock);
    if (args.json) io.out(JSON.stringify(result));
    else {
      io.out(`restored ${args.positional} as ${result.database}${result.migrated > 0 ? ` and applied ${result.migrated} newer migration(s)` : ""}`);
      if (result.previous) io.out(`the database that was there is kept as ${result.previous}`);
      io.out("start staykey with the same STAYKEY_SECRET or secret.key as when the backup was taken");
    }
    if (!config.STAYKEY_SECRET && !existsSync(join(config.STAYKEY_DATA_DIR, "secret.key"))) {
      // Without it a new key would be generated at start and nothing sealed in the backup could be opened.
      io.err(`warning: ${join(config.STAYKEY_DATA_DIR, "secret.key")} is missing and STAYKEY_SECRET is not set: put the secret key of the backed-up install there before starting staykey`);
    }
    return 0;
  } catch (err) {
    if (!(err instanceof BackupError)) throw err;
    io.err(`restore refused: ${err.message}`);
    return 1;
  }
}

/** `staykey export --account <email> <file>`: the same document as GET /api/v1/export, written 0600 (it holds guests' contacts). */
export async function exportCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const email = stringFlag(args, "account");
  if (!email) throw new CliUsageError("--account <a user's email> is required");
  if (!args.positional) throw new CliUsageError("name the export file: staykey export --account <email> <file>");
  const file = args.positional;
  return withCoreDeps(io.env, (deps) => {
    const user = findUserByEmail(deps, email);
    if (!user) throw new CliUsageError(`no user with email ${email}`);
    const data = exportAccount(deps, user.accountId);
    try {
      writeFileSync(file, JSON.stringify(data, null, 2), { mode: 0o600, flag: "wx" });
    } catch (err) {
      // As backup says it: in words, with what to do, not as Node's errno line.
      const code = (err as NodeJS.ErrnoException).code;
      const why = code === "EEXIST" ? `${file} already exists; choose a new file name (an export never overwrites one)`
        : code === "ENOENT" ? `the directory of ${file} does not exist`
        : code === "EACCES" ? `${file} cannot be written here (permission denied)`
        : (err as Error).message;
      io.err(`export refused: ${why}`);
      return 1;
    }
    const counts = Object.fromEntries(Object.entries(data).filter(([, v]) => Array.isArray(v)).map(([k, v]) => [k, (v as unknown[]).length]));
    io.out(args.json ? JSON.stringify({ file, counts }) : `exported account ${user.accountId} to ${file}: ${Object.entries(counts).map(([k, n]) => `${n} ${k}`).join(", ")}`);
    return 0;
  });
}
