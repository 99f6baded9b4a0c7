import { describe, expect, it } from "vitest";
import { openDatabase } from "../db/client";
import { jobs } from "../db/schema";
import { newId } from "../lib/ids";
import { EmbeddedJobQueue } from "./embedded/embedded-queue";
import type { JobLogger } from "./processor";
import { combineSources, desiredJob, type ReconcileSource } from "./reconcile-source";
import { createReconciler } from "./reconciler";

const now = new Date("2025-03-08T23:30:00Z");
const clock = { now: () => now };

function recordingLogger() {
  const lines: Array<{ level: string; fields: Record<string, unknown>; msg: string }> = [];
  const at = (level: string) => (fields: Record<string, unknown>, msg: string) => void lines.push({ level, fields, msg });
  const log = { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") } as unknown as JobLogger;
  return { log, warnings: () => lines.filter((l) => l.level === "warn") };
}

/** A source that wants one program-code job, as a record whose job was lost would. */
function wantsProgramming(codeId = newId("code")): ReconcileSource {
  return () => [desiredJob("access-codes.program-code", { codeId }, { id: codeId, version: 1 }, now)];
}

const sweep: ReconcileSource = () => [desiredJob("alerts.check-feeds", {}, { id: "feeds", version: now }, now)];

describe("reconciler", () => {
  it("keeps restoring the other sources when one throws", async () => {
    const db = openDatabase(":memory:");
    const codeId = newId("code");
    const reconciler = createReconciler({
      db, queue: new EmbeddedJobQueue({ db }), clock,
      sources: { repairs: { broken: () => { throw new Error("bad query"); }, codesToProgram: wantsProgramming(codeId) } },
    });
    expect(await reconciler.run()).toMatchObject({ desired: 1, created: 1 });
    expect(await reconciler.run()).toMatchObject({ desired: 1, created: 0 });
    const rows = db.select({ name: jobs.name, payload: jobs.payload }).from(jobs).all();
    expect(rows).toEqual([{ name: "access-codes.program-code", payload: { codeId } }]);
  });

  it("warns about the jobs a service should have enqueued, not about the periodic ones only the reconciler schedules", async () => {
    const db = openDatabase(":memory:");
    const { log, warnings } = recordingLogger();
    const sources = { repairs: { codesToProgram: wantsProgramming() }, schedules: { feedHealthSweeps: sweep } };
    const result = await createReconciler({ db, queue: new EmbeddedJobQueue({ db }), clock, log, sources }).run();
    expect(result.createdByName).toEqual({ "access-codes.program-code": 1, "alerts.check-feeds": 1 });
    expect(result.missingByName).toEqual({ "access-codes.program-code": 1 });
    expect(warnings()).toEqual([{ level: "warn", fields: { missing: 1, missingByName: { "access-codes.program-code": 1 } }, msg: "reconciler re-created missing jobs" }]);
  });

  it("refuses two capabilities registering a source under one name, which would hide one of them", () => {
    expect(() => combineSources({ repairs: { codes: wantsProgramming() } }, { schedules: { codes: sweep } })).toThrow(/two reconcile sources are named codes/);
  });
});
