import { readFileSync } from "node:fs";
import { ConfigError } from "./config";
import { commandHelp, parseArgs, usageLine, wantsHelp } from "./cli/args";
import { COMMANDS } from "./cli/commands";
import { CliUsageError, type CliIo } from "./cli/types";

export { COMMANDS };

function help(io: CliIo) {
  io.out("usage: staykey <command> [options]   (staykey <command> --help for its options; staykey --version)\n");
  for (const c of COMMANDS) io.out(`  ${c.name.padEnd(16)} ${c.summary}\n      ${usageLine(c)}`);
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}

/** Runs one command; returns the exit code. Bad input is one line on stderr and a non-zero code, never a stack trace. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h") {
    help(io);
    return name ? 0 : 2;
  }
  if (name === "--version") {
    io.out(`staykey ${version()}`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === (name === "help" && rest[0] ? rest[0] : name));
  if (name === "help" && !command) {
    if (rest[0]) io.err(`staykey: unknown command "${rest[0]}"`);
    help(io);
    return rest[0] ? 2 : 0;
  }
  if (!command) {
    io.err(`staykey: unknown ${name.startsWith("-") ? "flag" : "command"} "${name}" (run staykey help)`);
    return 2;
  }
  // Before anything else: help must not open the database, read the config or start anything.
  if (name === "help" || wantsHelp(rest)) {
    io.out(commandHelp(command));
    return 0;
  }
  const jsonErrors = command.flags.json !== undefined && rest.includes("--json");
  try {
    const args = parseArgs(rest, command);
    return await command.run(args, io);
  } catch (err) {
    if (err instanceof CliUsageError || err instanceof ConfigError) {
      if (jsonErrors) io.out(JSON.stringify({ error: err.message }));
      io.err(`staykey ${command.name}: ${err.message}`);
      return 2;
    }
    io.err(`staykey ${command.name}: ${(err as Error).message}`);
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
