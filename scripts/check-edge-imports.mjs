#!/usr/bin/env node
// Proves the edge relay bundle imports nothing Node-only: bundles the Worker entry the way workerd resolves
// it (workerd/worker/browser conditions, no nodejs_compat) and fails on any Node built-in or Node-only
// package anywhere in the import graph, naming the file that imported it.
//   node scripts/check-edge-imports.mjs [--entry src/edge/worker.ts]
import { builtinModules } from "node:module";
import path from "node:path";
import process from "node:process";
import { build } from "esbuild";
import { edgeBundleOptions } from "./edge-bundle-options.mjs";

const FORBIDDEN_PACKAGES = ["better-sqlite3", "bullmq", "ioredis", "nodemailer", "twilio", "pino", "@hono/node-server", "drizzle-orm/better-sqlite3"];
const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

const entryFlag = process.argv.indexOf("--entry");
const entry = entryFlag >= 0 ? process.argv[entryFlag + 1] : "src/edge/worker.ts";

const violations = [];
const nodeOnly = {
  name: "node-only",
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      const spec = args.path;
      const isBuiltin = spec.startsWith("node:") || builtins.has(spec) || builtins.has(spec.split("/")[0]);
      const forbidden = FORBIDDEN_PACKAGES.find((pkg) => spec === pkg || spec.startsWith(`${pkg}/`));
      if (!isBuiltin && !forbidden) return undefined;
      violations.push(`${path.relative(process.cwd(), args.importer)} imports "${spec}"`);
      return { path: spec, external: true };
    });
  },
};

try {
  const result = await build({
    ...edgeBundleOptions,
    entryPoints: [entry],
    metafile: true,
    plugins: [nodeOnly],
  });
  const inputs = Object.keys(result.metafile.inputs);
  if (violations.length > 0) {
    console.error(`edge bundle imports Node-only modules:\n  ${violations.join("\n  ")}`);
    process.exit(1);
  }
  console.log(`edge bundle is Node-free: ${inputs.length} modules from ${entry}`);
} catch (err) {
  console.error(`edge bundle failed to build: ${err.message}`);
  process.exit(1);
}
