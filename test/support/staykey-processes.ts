import { spawn, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";

/** A real `staykey <command>` process started by a test. */
export interface StaykeyProcess {
  child: ChildProcess;
  /** The last part of what it wrote (stdout and stderr), to show when a test fails. */
  output(): string;
  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`; resolves with its exit code. */
  stop(graceMs?: number): Promise<number | null>;
}

const running = new Set<StaykeyProcess>();
const OUTPUT_KEPT = 20_000;

// A vitest worker that dies (or a suite that forgets afterAll) must not leave servers and workers behind.
process.once("exit", () => {
  for (const p of running) p.child.kill("SIGKILL");
});

/** Starts `node bin/staykey.js <args>` and resolves once its output matches `ready` (a process that exits first rejects). */
export function startStaykey(args: string[], env: Record<string, string>, ready: RegExp, timeoutMs = 60_000): Promise<StaykeyProcess & { ready: RegExpMatchArray }> {
  const child = spawn(process.execPath, [resolve("bin/staykey.js"), ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  const proc: StaykeyProcess = {
    child,
    output: () => out,
    async stop(graceMs = 20_000) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
        await exited.finally(() => clearTimeout(timer));
      }
      running.delete(proc);
      return child.exitCode;
    },
  };
  running.add(proc);
  return new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`staykey ${args.join(" ")} did not start in ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const onData = (b: Buffer) => {
      out = (out + b.toString()).slice(-OUTPUT_KEPT);
      const match = ready.exec(out);
      if (match) {
        clearTimeout(timer);
        res({ ...proc, ready: match });
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    void exited.then((code) => {
      clearTimeout(timer);
      rej(new Error(`staykey ${args.join(" ")} exited with ${code} before it was ready:\n${out}`));
    });
  });
}

/** Stops every process this file started that is still running (for afterAll, pass or fail). */
export async function stopStaykeyProcesses(graceMs?: number): Promise<void> {
  await Promise.all([...running].map((p) => p.stop(graceMs)));
}
