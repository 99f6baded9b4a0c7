// Reads vitest JSON reports and prints "N passed, N failed" lines for CI.
//   node scripts/ci-summary.mjs <label> <report.json>[=<exit status>]     one run: "<label>: N passed, N failed[, N skipped]"
//   node scripts/ci-summary.mjs --total <report.json>[=<exit status>]...  all runs: "N passed, N failed"
// A test file that fails outside any test (a beforeAll that throws, an import error) counts as one failure even
// though vitest reports its tests as skipped; a missing or unreadable report counts as one failure, and so does a
// run that exited non-zero with no failure in its report (an unhandled error after the tests).
import { readFileSync } from "node:fs";

function counts(arg) {
  const at = arg.lastIndexOf("=");
  const [file, status] = at > 0 ? [arg.slice(0, at), Number(arg.slice(at + 1))] : [arg, 0];
  let report;
  try {
    report = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return { passed: 0, failed: 1, skipped: 0 };
  }
  const fileFailures = (report.testResults ?? []).filter(
    (t) => t.status === "failed" && !(t.assertionResults ?? []).some((a) => a.status === "failed"),
  ).length;
  const failed = (report.numFailedTests ?? 0) + fileFailures;
  return {
    passed: report.numPassedTests ?? 0,
    failed: failed === 0 && status !== 0 ? 1 : failed,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
  };
}

const [first, ...rest] = process.argv.slice(2);
if (first === "--total") {
  const all = rest.map(counts);
  const sum = (k) => all.reduce((n, c) => n + c[k], 0);
  console.log(`${sum("passed")} passed, ${sum("failed")} failed`);
} else {
  const c = counts(rest[0]);
  console.log(`${first}: ${c.passed} passed, ${c.failed} failed` + (c.skipped ? `, ${c.skipped} skipped` : ""));
}
