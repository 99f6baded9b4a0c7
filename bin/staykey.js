#!/usr/bin/env node
// Runs the TypeScript CLI through tsx so `npx staykey` works from a clean checkout without a build step.
import { register } from "tsx/esm/api";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

register();
const here = dirname(fileURLToPath(import.meta.url));
const { main } = await import(join(here, "..", "src", "cli.ts"));
await main(process.argv.slice(2));
