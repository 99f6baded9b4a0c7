import { loadConfig } from "../config";
import { openDatabase } from "../db/client";
import { createJobQueue } from "../jobs/create-job-queue";
import { JOB_STATES } from "../jobs/port";
import { databasePath } from "../runtime/core-deps";
import { CliUsageError, type CliIo, type ParsedArgs } from "./types";

export async function jobsCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const limit = args.flags["failed"] === undefined ? 20 : Number(args.flags["failed"]);
  if (!Number.isInteger(limit) || limit < 0) throw new CliUsageError("--failed takes a whole number");
  const config = loadConfig(io.env);
  const db = openDatabase(databasePath(config));
  const queue = createJobQueue({ config, db });
  try {
    const stats = await queue.stats();
    const failed = limit > 0 ? await queue.failed(limit) : [];
    if (args.json) {
      io.out(JSON.stringify({ driver: queue.driver, queues: stats, failed }, null, 2));
      return 0;
    }
    io.out(`driver: ${queue.driver}`);
    const rows = [["queue", ...JOB_STATES], ...Object.entries(stats).map(([q, s]) => [q, ...JOB_STATES.map((k) => String(s[k]))])];
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
    for (const r of rows) io.out(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  "));
    if (Object.keys(stats).length === 0) io.out("(no jobs)");
    if (failed.length > 0) {
      io.out("");
      io.out(`failed (latest ${failed.length}):`);
      for (const f of failed) {
        // Payloads are ids only by construction, so printing them is safe and tells the operator what to look at.
        io.out(`  ${f.failedAt?.toISOString() ?? "-"}  ${f.name}  ${f.id}  ${JSON.stringify(f.payload)}  attempts=${f.attempts}  ${f.error ?? ""}`);
      }
    }
    return 0;
  } finally {
    await queue.stop();
    db.$client.close();
  }
}
