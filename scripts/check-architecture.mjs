#!/usr/bin/env node
// The layer rules of ARCHITECTURE.md, checked on every `npm run lint`: which folder of src/ may import which, that
// routes/ and web/ never reach the database or a vendor directly, and that no two modules import each other in a
// circle (type-only imports included: a cycle of types is still two modules that cannot be understood apart).
//   node scripts/check-architecture.mjs [--report]   (--report lists violations without failing)
import { readdirSync, readFileSync, existsSync } from "node:fs";
import path from "node:path";
import process from "node:process";
import ts from "typescript";

const ROOT = process.cwd();
const SRC = path.join(ROOT, "src");

// What each layer may import (folders of src/, plus the root modules named below). Anything not listed is refused.
const ROOT_MODULES = { config: "src/config.ts", deps: "src/deps.ts", app: "src/app.ts", server: "src/server.ts", cli: "src/cli.ts" };
const RULES = {
  lib: ["lib"],
  domain: ["domain", "lib"],
  db: ["db", "domain", "lib"],
  providers: ["providers", "domain", "lib", "config"],
  jobs: ["jobs", "db", "domain", "lib", "config"],
  services: ["services", "jobs", "providers", "db", "domain", "lib", "config", "deps"],
  routes: ["routes", "services", "domain", "lib", "config", "deps"],
  web: ["web", "routes", "services", "domain", "lib", "config", "deps"],
  app: ["routes", "web", "services", "domain", "lib", "config", "deps"],
  server: ["app", "routes", "web", "services", "lib", "config", "deps"],
  runtime: ["runtime", "app", "server", "services", "jobs", "providers", "db", "domain", "lib", "config", "deps"],
  cli: ["cli", "runtime", "app", "server", "services", "jobs", "db", "domain", "lib", "config", "deps"],
  edge: ["edge", "lib"],
  workers: ["runtime", "lib", "config"],
};
// Packages only a lower layer may use directly.
const PACKAGES = { routes: ["drizzle-orm", "better-sqlite3"], web: ["drizzle-orm", "better-sqlite3"], domain: ["drizzle-orm", "better-sqlite3", "pino", "bullmq", "ioredis"] };

function layerOf(rel) {
  if (rel.startsWith("workers/")) return "workers";
  const inSrc = rel.replace(/^src\//, "");
  for (const [name, file] of Object.entries(ROOT_MODULES)) if (rel === file) return name;
  return inSrc.split("/")[0];
}

function walk(dir, out = []) {
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (/\.(ts|tsx|mts)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts")) out.push(full);
  }
  return out;
}

function resolve(from, spec) {
  if (!spec.startsWith(".")) return null;
  const base = path.resolve(path.dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}.mts`, path.join(base, "index.ts"), base.replace(/\.js$/, ".ts")]) {
    if (existsSync(candidate) && !candidate.endsWith("/")) {
      try {
        if (readdirSync(candidate)) continue;
      } catch {
        return candidate;
      }
    }
  }
  return null;
}

const files = [...walk(SRC), ...walk(path.join(ROOT, "workers"))];
const graph = new Map();
const violations = [];
for (const file of files) {
  const rel = path.relative(ROOT, file);
  const layer = layerOf(rel);
  const allowed = RULES[layer];
  const info = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
  const edges = [];
  for (const { fileName: spec } of info.importedFiles) {
    const target = resolve(file, spec);
    if (!target) {
      const pkg = spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0];
      if ((PACKAGES[layer] ?? []).includes(pkg)) violations.push(`${rel}: ${layer}/ may not use the package "${pkg}"`);
      continue;
    }
    const targetRel = path.relative(ROOT, target);
    edges.push(targetRel);
    const targetLayer = layerOf(targetRel);
    if (allowed && !allowed.includes(targetLayer)) violations.push(`${rel}: ${layer}/ may not import ${targetLayer}/ (${targetRel})`);
  }
  graph.set(rel, edges);
}

// Tarjan's strongly connected components: every component of more than one module is a cycle.
const index = new Map();
const low = new Map();
const onStack = new Set();
const stack = [];
const cycles = [];
let counter = 0;
function strongConnect(v) {
  index.set(v, counter);
  low.set(v, counter);
  counter++;
  stack.push(v);
  onStack.add(v);
  for (const w of graph.get(v) ?? []) {
    if (!graph.has(w)) continue;
    if (!index.has(w)) {
      strongConnect(w);
      low.set(v, Math.min(low.get(v), low.get(w)));
    } else if (onStack.has(w)) {
      low.set(v, Math.min(low.get(v), index.get(w)));
    }
  }
  if (low.get(v) === index.get(v)) {
    const component = [];
    let w;
    do {
      w = stack.pop();
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1) cycles.push(component.sort());
  }
}
for (const v of graph.keys()) if (!index.has(v)) strongConnect(v);
for (const cycle of cycles) violations.push(`import cycle: ${cycle.join(" <-> ")}`);

if (violations.length === 0) {
  console.log(`architecture: ${graph.size} modules follow the layer rules, no import cycle`);
} else {
  for (const v of violations) console.error(v);
  console.error(`architecture: ${violations.length} violation${violations.length === 1 ? "" : "s"} (see ARCHITECTURE.md)`);
  if (!process.argv.includes("--report")) process.exit(1);
}
