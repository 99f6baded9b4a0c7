import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

/**
 * `npm run lint` runs `eslint .`, which lints only files some config block claims: the dashboard's pages are .tsx, so
 * they are linted only while the config matches .tsx (typescript-eslint's base block does). A config that dropped
 * them would let unused code and `any` into every page unnoticed.
 */
describe("eslint.config.js (npm run lint)", () => {
  const eslint = new ESLint();
  const planted = "const unusedThing: any = 1;\nexport const Page = () => <p>hi</p>;\n";

  for (const file of ["src/web/pages/planted.tsx", "src/services/planted.ts"]) {
    it(`lints ${file.split(".").pop()} files with the project's rules`, async () => {
      const [result] = await eslint.lintText(file.endsWith(".tsx") ? planted : planted.replace(/\n.*<p>.*\n/, "\n"), { filePath: file });
      expect(result!.messages.map((m) => m.ruleId).sort()).toEqual(["@typescript-eslint/no-explicit-any", "@typescript-eslint/no-unused-vars"]);
    });
  }

  it("does not skip the dashboard's pages when linting the whole tree", async () => {
    expect(await eslint.isPathIgnored("src/web/pages/login.tsx")).toBe(false);
    expect(await eslint.calculateConfigForFile("src/web/pages/login.tsx")).toMatchObject({ rules: { "@typescript-eslint/no-explicit-any": [2] } });
  });
});
