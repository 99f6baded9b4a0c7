import type { Config } from "../config";
import type { Db } from "../db/client";
import type { Clock } from "../lib/clock";
import { BullmqJobQueue } from "./bullmq/bullmq-queue";
import { EmbeddedJobQueue } from "./embedded/embedded-queue";
import type { JobQueue } from "./port";
import type { JobLogger } from "./processor";

/** REDIS_URL picks BullMQ (API + separate workers); without it jobs run in-process from the SQLite file. */
export function createJobQueue(deps: { config: Pick<Config, "REDIS_URL" | "STAYKEY_SCHEDULE_CHECK_SECONDS">; db: Db; clock?: Clock; log?: JobLogger }): JobQueue {
  if (deps.config.REDIS_URL) {
    return new BullmqJobQueue({ url: deps.config.REDIS_URL, log: deps.log, scheduleCheckMs: deps.config.STAYKEY_SCHEDULE_CHECK_SECONDS * 1000 });
  }
  return new EmbeddedJobQueue({ db: deps.db, clock: deps.clock, log: deps.log });
}
