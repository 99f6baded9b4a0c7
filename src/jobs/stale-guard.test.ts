import { describe, expect, it } from "vitest";
import { jobIdFor } from "./job-ids";
import { jobKeys } from "./job-keys";
import { staleReason } from "./stale-guard";

const code = { id: "code_abc123def", version: 3, state: "planned" };

describe("jobIdFor", () => {
  it("derives the same id from the same record state, without a colon", () => {
    const id = jobIdFor("access-codes.program-code", jobKeys.code(code));
    expect(id).toBe("program-code_code_abc123def_v3");
    expect(jobIdFor("access-codes.program-code", jobKeys.code({ ...code }))).toBe(id);
    expect(jobIdFor("calendar-sync.sync-feed", { id: "feed_x1y2z3", version: new Date(Date.UTC(2025, 0, 1)) })).toBe(
      "sync-feed_feed_x1y2z3_t1735689600000",
    );
  });

  it("refuses a colon", () => {
    expect(() => jobIdFor("alerts.notify", { id: "alrt_1:2" })).toThrow(/no ':'/);
  });
});

describe("staleReason", () => {
  const ctx = { jobId: jobIdFor("access-codes.program-code", jobKeys.code(code)) };
  const opts = { keyOf: jobKeys.code, stillWanted: (c: typeof code) => c.state === "planned" };

  it("lets the job run when the record is as it was when scheduled", () => {
    expect(staleReason("access-codes.program-code", ctx, code, opts)).toBeNull();
  });

  it("skips a job whose record changed after it was scheduled", () => {
    expect(staleReason("access-codes.program-code", ctx, { ...code, version: 4 }, opts)).toMatch(/changed/);
  });

  it("skips a job whose record was deleted or no longer wants it", () => {
    expect(staleReason("access-codes.program-code", ctx, undefined, opts)).toMatch(/no longer exists/);
    expect(staleReason("access-codes.program-code", ctx, { ...code, state: "cancelled" }, opts)).toMatch(/no longer needs/);
  });
});
