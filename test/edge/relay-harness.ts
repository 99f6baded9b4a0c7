import { randomBytes, createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";
import { Miniflare } from "miniflare";
import { edgeBundleOptions } from "../../scripts/edge-bundle-options.mjs";

/**
 * The edge relay under workerd, in-process: the Worker bundled from src/edge the way wrangler bundles it,
 * an in-memory D1 with the relay's own migrations applied, and real loopback HTTP (so pullers, Twilio's
 * emulator and Svix-signed posts reach it exactly as they would reach Cloudflare).
 */
export interface EdgeRelay {
  mf: Miniflare;
  /** Origin with trailing slash, e.g. http://127.0.0.1:1234/ */
  url: string;
  token: string;
  seamSecret: string;
  /** Runs the Cron Trigger as if it fired at `at`. */
  cron(at: Date): Promise<void>;
  query<T>(sql: string, ...params: unknown[]): Promise<T[]>;
  dispose(): Promise<void>;
}

export interface EdgeRelayOptions {
  bindings?: Record<string, string>;
}

const root = process.cwd();
let bundled: Promise<string> | undefined;

export function bundleWorker(): Promise<string> {
  bundled ??= build({
    ...edgeBundleOptions,
    entryPoints: [path.join(root, "src/edge/worker.ts")],
  }).then((result) => result.outputFiles[0]!.text);
  return bundled;
}

export async function startEdgeRelay(options: EdgeRelayOptions = {}): Promise<EdgeRelay> {
  const token = randomBytes(24).toString("base64url");
  const seamSecret = `whsec_${randomBytes(24).toString("base64")}`;
  const mf = new Miniflare({
    modules: true,
    script: await bundleWorker(),
    compatibilityDate: "2026-04-01",
    // The Worker's own JSON logs; tests assert on behaviour, so keep the run output readable.
    handleStructuredLogs: () => {},
    d1Databases: { DB: `relay-${randomBytes(6).toString("hex")}` },
    bindings: {
      RELAY_TOKEN_SHA256: createHash("sha256").update(token).digest("hex"),
      SEAM_WEBHOOK_SECRET: seamSecret,
      HEARTBEAT_TIMEOUT_MINUTES: "15",
      ...options.bindings,
    },
  });
  const url = (await mf.ready).toString();
  const db = await mf.getD1Database("DB");
  for (const statement of migrationStatements()) await db.prepare(statement).run();

  return {
    mf,
    url,
    token,
    seamSecret,
    async cron(at) {
      const worker = await mf.getWorker();
      await worker.scheduled({ cron: "*/5 * * * *", scheduledTime: at });
    },
    async query<T>(sql: string, ...params: unknown[]) {
      const { results } = await db.prepare(sql).bind(...params).all();
      return results as T[];
    },
    dispose: () => mf.dispose(),
  };
}

/** What `wrangler d1 migrations apply` runs, statement by statement. */
function migrationStatements(): string[] {
  const dir = path.join(root, "src/edge/migrations");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".sql"))
    .sort()
    .flatMap((f) =>
      readFileSync(path.join(dir, f), "utf8")
        .split("\n")
        .filter((line) => !line.trim().startsWith("--"))
        .join("\n")
        .split(";")
        .map((s) => s.trim())
        .filter((s) => s !== ""),
    );
}
