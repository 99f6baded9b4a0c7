import type { Queue } from "bullmq";
import type { FailedJob, QueueStats } from "../port";

export async function readStats(queues: Queue[]): Promise<QueueStats> {
  const out: QueueStats = {};
  for (const q of queues) {
    const c = await q.getJobCounts("wait", "prioritized", "delayed", "active", "completed", "failed");
    out[q.name] = {
      waiting: (c.wait ?? 0) + (c.prioritized ?? 0),
      delayed: c.delayed ?? 0,
      active: c.active ?? 0,
      completed: c.completed ?? 0,
      failed: c.failed ?? 0,
    };
  }
  return out;
}

export async function readFailed(queues: Queue[], limit: number): Promise<FailedJob[]> {
  const all: FailedJob[] = [];
  for (const q of queues) {
    for (const job of await q.getFailed(0, limit - 1)) {
      all.push({
        id: job.id ?? "",
        queue: q.name,
        name: job.name,
        payload: job.data as Record<string, unknown>,
        attempts: job.attemptsMade,
        error: job.failedReason ?? null,
        failedAt: job.finishedOn ? new Date(job.finishedOn) : null,
      });
    }
  }
  return all.sort((a, b) => (b.failedAt?.getTime() ?? 0) - (a.failedAt?.getTime() ?? 0)).slice(0, limit);
}
