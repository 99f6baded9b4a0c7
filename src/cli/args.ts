import { CliUsageError, type CliCommand, type ParsedArgs } from "./types";

/** `-h` or `--help` anywhere after the command name: show its usage instead of running it. */
export function wantsHelp(argv: string[]): boolean {
  return argv.some((a) => a === "--help" || a === "-h");
}

/**
 * `--flag value`, `--flag=value` and switches, checked against the flags the command declares: an unknown flag, a
 * switch given a value, a flag missing its value or a stray word is refused, naming it, before the command runs.
 */
export function parseArgs(argv: string[], command: Pick<CliCommand, "name" | "flags" | "positional">): ParsedArgs {
  const flags: Record<string, string | boolean> = {};
  let positional: string | undefined;
  const seeHelp = `(staykey ${command.name} --help lists its flags)`;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith("-") || arg === "-") {
      if (!command.positional || positional !== undefined) throw new CliUsageError(`unexpected argument "${arg}" ${seeHelp}`);
      positional = arg;
      continue;
    }
    const eq = arg.indexOf("=");
    const name = arg.startsWith("--") ? arg.slice(2, eq > 0 ? eq : undefined) : "";
    const spec = name ? command.flags[name] : undefined;
    if (!spec) throw new CliUsageError(`unknown flag ${eq > 0 ? arg.slice(0, eq) : arg} ${seeHelp}`);
    if (spec.value === undefined) {
      if (eq > 0) throw new CliUsageError(`--${name} takes no value`);
      flags[name] = true;
    } else if (eq > 0) {
      flags[name] = arg.slice(eq + 1);
    } else if (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith("--")) {
      flags[name] = argv[++i]!;
    } else {
      throw new CliUsageError(`--${name} needs a value (--${name} ${spec.value})`);
    }
  }
  const json = flags.json === true;
  delete flags.json;
  return { flags, json, ...(positional !== undefined ? { positional } : {}) };
}

export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags[name];
  return typeof v === "string" ? v : undefined;
}

/** `staykey sync [--feed feed_…] [--force] [--json]` */
export function usageLine(command: Pick<CliCommand, "name" | "flags" | "positional">): string {
  const parts = Object.entries(command.flags).map(([name, spec]) => {
    const flag = spec.value === undefined ? `--${name}` : `--${name} ${spec.value}`;
    return spec.required ? flag : `[${flag}]`;
  });
  return ["staykey", command.name, ...(command.positional ? [`<${command.positional.name}>`] : []), ...parts].join(" ");
}

/** What `staykey <command> --help` prints. */
export function commandHelp(command: CliCommand): string {
  const rows: [string, string][] = Object.entries(command.flags).map(([name, spec]) => [
    spec.value === undefined ? `--${name}` : `--${name} ${spec.value}`,
    spec.help,
  ]);
  rows.push(["-h, --help", "show this help and exit"]);
  const width = Math.max(...rows.map(([f]) => f.length));
  return [`usage: ${usageLine(command)}`, "", command.summary, "", ...rows.map(([f, h]) => `  ${f.padEnd(width)}  ${h}`)].join("\n");
}
