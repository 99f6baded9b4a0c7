import { buildRuntime } from "../runtime/build-runtime";
import { syncFeedsNow, type SyncProgress } from "../services/calendar/sync-feeds-now";
import type { SyncOutcome } from "../services/calendar/sync-outcome";
import { stringFlag } from "./args";
import { CliUsageError, type CliIo, type ParsedArgs } from "./types";

/** About twenty progress lines for a big run, one for a single feed. */
function progressPrinter(io: CliIo): (p: SyncProgress) => void {
  return (p) => {
    const step = Math.max(1, Math.ceil(p.total / 20));
    if (p.done % step === 0 || p.done === p.total) io.err(`synced ${p.done}/${p.total} feeds (${p.failed} failed)`);
  };
}

function describe(outcome: SyncOutcome): string {
  switch (outcome.result) {
    case "changed": {
      const c = outcome.counts;
      const suspect = outcome.suspect ? `; suspect (${outcome.suspect.reason}), nothing cancelled` : "";
      return `${outcome.feedId} synced: ${outcome.events} events, ${c.created} new, ${c.updated} updated, ${c.cancelled} cancelled${suspect}`;
    }
    case "unchanged":
      return `${outcome.feedId} unchanged (${outcome.reason === "not_modified" ? "304" : "same content"})`;
    case "failed":
      return `${outcome.feedId} failed (${outcome.reason}): ${outcome.detail}`;
    case "skipped":
      return `${outcome.feedId} skipped (${outcome.reason})`;
  }
}

export async function syncCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const feedId = stringFlag(args, "feed");
  const accountId = stringFlag(args, "account");
  const concurrency = Number(stringFlag(args, "concurrency") ?? 16);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) throw new CliUsageError("--concurrency must be a whole number from 1 to 256");
  // Logs (stderr) are kept to errors unless asked, so the progress lines stay readable.
  const runtime = buildRuntime(io.env, { logLevel: io.env.STAYKEY_LOG_LEVEL ?? "error" });
  try {
    const result = await syncFeedsNow(runtime.deps, {
      feedId,
      accountId,
      force: args.flags.force === true,
      concurrency,
      actor: "cli",
      onProgress: progressPrinter(io),
    });
    if (feedId && result.outcomes[0]?.result === "skipped" && result.outcomes[0].reason === "not_found") {
      throw new CliUsageError(`no feed with id ${feedId}`);
    }
    const { outcomes, ...totals } = result;
    if (args.json) {
      io.out(JSON.stringify({ ...totals, outcomes }));
    } else {
      const shown = result.total <= 20 ? outcomes : outcomes.filter((o) => o.result === "failed" || (o.result === "changed" && o.suspect));
      for (const outcome of shown) io.out(describe(outcome));
      io.out(`${result.total} feeds: ${result.changed} changed, ${result.unchanged} unchanged, ${result.failed} failed, ${result.skipped} skipped`);
    }
    return result.failed > 0 ? 1 : 0;
  } finally {
    await runtime.close();
  }
}
