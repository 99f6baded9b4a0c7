/** A flag a command accepts. */
export interface FlagSpec {
  /** Placeholder for the flag's value in usage (`--port 8787`); a flag without one is a switch. */
  value?: string;
  /** Shown without brackets in the usage line. The command itself still checks it is there. */
  required?: boolean;
  help: string;
}

/**
 * One CLI command: `staykey <name> [flags]`. It declares every flag it accepts, so a mistyped one is refused (exit 2)
 * before anything runs, and its help is printed without running it. Commands print JSON with --json and exit
 * non-zero on bad input.
 */
export interface CliCommand {
  name: string;
  summary: string;
  flags: Record<string, FlagSpec>;
  /** One word after the command (`staykey backup <file>`), when the command takes one. */
  positional?: { name: string; help: string };
  run(args: ParsedArgs, io: CliIo): Promise<number>;
}

export interface ParsedArgs {
  flags: Record<string, string | boolean>;
  /** The command's positional word, when it declares one and it was given. */
  positional?: string;
  json: boolean;
}

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  env: Record<string, string | undefined>;
  /** Everything on standard input (`--password-stdin`); process.stdin unless a caller supplies it. */
  readStdin?(): Promise<string>;
}

export class CliUsageError extends Error {}
