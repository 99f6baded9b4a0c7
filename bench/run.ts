import { spawnSync } from "node:child_process";
import { resolve } from "node:path";

/** `npm run bench [jobs|sync|codes ...]`: runs the named benchmarks (all when none is named), one process each. */
const ALL = ["jobs", "sync", "codes", "api", "dashboard"];
const names = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const unknown = names.filter((n) => !ALL.includes(n));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(", ")}; known: ${ALL.join(", ")}`);
  process.exit(2);
}
let failed = 0;
for (const name of names.length > 0 ? names : ALL) {
  console.log(`\n=== bench/${name} ===`);
  const res = spawnSync(resolve("node_modules/.bin/tsx"), [`bench/${name}/run.ts`], { stdio: "inherit" });
  if (res.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
