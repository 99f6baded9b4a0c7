import { describe, expect, it } from "vitest";
import { JOB_NAMES } from "../../src/jobs/definitions";
import type { JobHandlers } from "../../src/jobs/port";
import { createReconciler, reconcileProcessor, type Reconciler } from "../../src/jobs/reconciler";
import { jobProcessors } from "../../src/runtime/processors";
import { reconcileSources } from "../../src/runtime/reconcile-sources";
import { accessCodeProcessors } from "../../src/services/access/processors";
import { alertProcessors } from "../../src/services/alerts/processors";
import { calendarProcessors } from "../../src/services/calendar/processors";
import type { ServiceDeps } from "../../src/services/deps";
import { healthProcessors } from "../../src/services/health/processors";
import { testServiceDeps } from "../support/service-deps";

describe("the processor registry", () => {
  it("has one processor for every job name and nothing else", () => {
    const deps = testServiceDeps();
    const handlers = jobProcessors(deps, createReconciler({ db: deps.db, queue: deps.jobs, sources: reconcileSources }));
    expect(Object.keys(handlers).sort()).toEqual([...JOB_NAMES].sort());
    for (const name of JOB_NAMES) expect(handlers[name]).toBeTypeOf("function");
  });

  it("does not build when a job has no processor (tsc checks this file in npm run lint)", () => {
    // Never called: the proof is that its body does not compile, which the directive below requires.
    function registryWithoutDelivery(deps: ServiceDeps, reconciler: Reconciler): JobHandlers {
      // @ts-expect-error messages.deliver and messages.cleaner-digest have no processor
      return { ...reconcileProcessor(reconciler), ...calendarProcessors(deps), ...accessCodeProcessors(deps), ...alertProcessors(deps), ...healthProcessors(deps) };
    }
    expect(registryWithoutDelivery).toBeTypeOf("function");
  });
});
