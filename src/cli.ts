import { ConfigError } from "./config";
import { createAccountCommand, createApiKeyCommand, revokeApiKeyCommand } from "./cli/accounts";
import { parseArgs } from "./cli/args";
import { demoCommand } from "./cli/demo";
import { jobsCommand } from "./cli/jobs";
import { migrateCommand, serveCommand } from "./cli/serve";
import { syncCommand } from "./cli/sync";
import { workerCommand } from "./cli/worker";
import { CliUsageError, type CliCommand, type CliIo } from "./cli/types";

export const COMMANDS: CliCommand[] = [
  serveCommand,
  workerCommand,
  migrateCommand,
  createAccountCommand,
  createApiKeyCommand,
  revokeApiKeyCommand,
  jobsCommand,
  syncCommand,
  demoCommand,
];

function help(io: CliIo) {
  io.out("usage: staykey <command> [options] [--json]\n");
  for (const c of COMMANDS) io.out(`  ${c.name.padEnd(16)} ${c.summary}\n      ${c.usage}`);
}

/** Runs one command; returns the exit code. Bad input is one line on stderr and a non-zero code, never a stack trace. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    help(io);
    return name ? 0 : 2;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`staykey: unknown command "${name}" (run staykey help)`);
    return 2;
  }
  const args = parseArgs(rest);
  try {
    return await command.run(args, io);
  } catch (err) {
    if (err instanceof CliUsageError || err instanceof ConfigError) {
      if (args.json) io.out(JSON.stringify({ error: err.message }));
      io.err(`staykey ${name}: ${err.message}`);
      return 2;
    }
    io.err(`staykey ${name}: ${(err as Error).message}`);
    return 1;
  }
}

export async function main(argv: string[]): Promise<void> {
  const code = await runCli(argv, {
    out: (l) => process.stdout.write(`${l}\n`),
    err: (l) => process.stderr.write(`${l}\n`),
    env: process.env,
  });
  process.exitCode = code;
}
