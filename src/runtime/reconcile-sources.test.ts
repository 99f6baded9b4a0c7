import { describe, expect, it } from "vitest";
import { openDatabase } from "../db/client";
import { EmbeddedJobQueue } from "../jobs/embedded/embedded-queue";
import { createReconciler } from "../jobs/reconciler";
import { reconcileSources } from "./reconcile-sources";

describe("the registered reconcile sources", () => {
  it("hold every capability's sources, the periodic checks apart from the repairs", () => {
    expect(Object.keys(reconcileSources.repairs).sort()).toEqual([
      "alertsToNotify", "codesToProgram", "codesToRevoke", "codesToVerify", "messagesToSend", "propertiesToPlan", "staysToPlan", "webhookAttemptsDue",
    ]);
    expect(Object.keys(reconcileSources.schedules).sort()).toEqual(["cleanerDigests", "dailyChecks", "doorSweeps", "feedHealthSweeps", "feedSyncs", "grantsToRoll", "guestReachSweeps", "lockHealthChecks"]);
  });

  it("do not call the first schedule of a fresh database missing", async () => {
    const db = openDatabase(":memory:");
    const warnings: unknown[] = [];
    const log = { debug: () => {}, info: () => {}, error: () => {}, warn: (...args: unknown[]) => void warnings.push(args) };
    const reconciler = createReconciler({ db, queue: new EmbeddedJobQueue({ db }), sources: reconcileSources, clock: { now: () => new Date("2025-03-08T23:30:00Z") }, log });
    expect(await reconciler.run()).toMatchObject({ created: 3, createdByName: { "alerts.check-feeds": 1, "alerts.door-sweep": 1, "alerts.check-guest-reach": 1 }, missingByName: {} });
    expect(warnings).toEqual([]);
  });
});
