import { runCli } from "../../src/cli";

/** Runs `staykey <argv>` in this process against `dataDir`, collecting what it prints; `stdin` is what is piped in. */
export function cliIn(dataDir: string, env: Record<string, string> = {}) {
  return async (argv: string[], stdin?: string) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      env: { STAYKEY_DATA_DIR: dataDir, STAYKEY_LOG_LEVEL: "silent", ...env },
      readStdin: async () => stdin ?? "",
    });
    return { code, out: out.join("\n"), err: err.join("\n") };
  };
}
