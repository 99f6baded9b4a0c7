import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const script = resolve("scripts/check-architecture.mjs");
const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

/** A throwaway tree of src/ files, checked by the real script (which resolves `typescript` from this repo). */
function check(files: Record<string, string>) {
  const root = mkdtempSync(join(tmpdir(), "staykey-arch-"));
  roots.push(root);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  }
  return spawnSync("node", [script], { cwd: root, encoding: "utf8", env: { ...process.env, NODE_PATH: resolve("node_modules") } });
}

describe("scripts/check-architecture.mjs (npm run lint)", () => {
  it("passes a tree that follows the layers", () => {
    const result = check({
      "src/db/schema.ts": "export const stays = 1;\n",
      "src/services/stays.ts": 'import { stays } from "../db/schema";\nexport const listStays = () => stays;\n',
      "src/routes/stays.ts": 'import { listStays } from "../services/stays";\nexport const route = listStays;\n',
    });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain("3 modules follow the layer rules, no import cycle");
  });

  it("refuses a route that reads the database or a vendor, and a service that imports a route", () => {
    const result = check({
      "src/db/schema.ts": "export const stays = 1;\n",
      "src/providers/seam.ts": "export const seam = 1;\n",
      "src/routes/stays.ts": 'import { stays } from "../db/schema";\nimport type { seam } from "../providers/seam";\nimport { eq } from "drizzle-orm";\nexport const r = [stays, eq];\n',
      "src/services/stays.ts": 'import type { r } from "../routes/stays";\nexport type X = typeof r;\n',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("src/routes/stays.ts: routes/ may not import db/ (src/db/schema.ts)");
    expect(result.stderr).toContain("src/routes/stays.ts: routes/ may not import providers/ (src/providers/seam.ts)");
    expect(result.stderr).toContain('src/routes/stays.ts: routes/ may not use the package "drizzle-orm"');
    expect(result.stderr).toContain("src/services/stays.ts: services/ may not import routes/ (src/routes/stays.ts)");
  });

  it("refuses an import cycle, type-only ones included", () => {
    const result = check({
      "src/domain/a.ts": 'import type { B } from "./b";\nexport type A = { b?: B };\n',
      "src/domain/b.ts": 'import type { A } from "./a";\nexport type B = { a?: A };\n',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("import cycle: src/domain/a.ts <-> src/domain/b.ts");
  });
});
