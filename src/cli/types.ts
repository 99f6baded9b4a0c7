/** One CLI command: `staykey <name> [args]`. Commands print JSON with --json and exit non-zero on bad input. */
export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  run(args: ParsedArgs, io: CliIo): Promise<number>;
}

export interface ParsedArgs {
  positionals: string[];
  flags: Record<string, string | boolean>;
  json: boolean;
}

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  env: Record<string, string | undefined>;
}

export class CliUsageError extends Error {}
