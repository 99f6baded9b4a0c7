import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { processMetrics, recordJobRun } from "./metrics";

const line = (text: string, prefix: string) => text.split("\n").find((l) => l.startsWith(prefix));

describe("job run metrics (kept as plain numbers, handed to prom-client when read)", () => {
  it("export each job's runs by outcome and its run time as a cumulative histogram, also through a merged registry", async () => {
    const job = { queue: "metrics-test", job: "metrics-test.tally" };
    recordJobRun({ ...job, outcome: "completed" }, 0.003); // le 0.005
    recordJobRun({ ...job, outcome: "completed" }, 0.005); // le 0.005: bounds are inclusive
    recordJobRun({ ...job, outcome: "retried" }, 0.02); // le 0.025
    recordJobRun({ ...job, outcome: "failed" }, 120); // beyond the largest bucket (60): +Inf only
    const labels = 'queue="metrics-test",job="metrics-test.tally"';
    for (const text of [await processMetrics.metrics(), await Registry.merge([processMetrics, new Registry()]).metrics()]) {
      expect(line(text, `staykey_jobs_processed_total{${labels},outcome="completed"}`)).toMatch(/ 2$/);
      expect(line(text, `staykey_jobs_processed_total{${labels},outcome="retried"}`)).toMatch(/ 1$/);
      expect(line(text, `staykey_jobs_processed_total{${labels},outcome="failed"}`)).toMatch(/ 1$/);
      expect(text).toContain("# TYPE staykey_job_duration_seconds histogram");
      expect(line(text, `staykey_job_duration_seconds_bucket{${labels},le="0.005"}`)).toMatch(/ 2$/);
      expect(line(text, `staykey_job_duration_seconds_bucket{${labels},le="0.01"}`)).toMatch(/ 2$/);
      expect(line(text, `staykey_job_duration_seconds_bucket{${labels},le="0.025"}`)).toMatch(/ 3$/);
      expect(line(text, `staykey_job_duration_seconds_bucket{${labels},le="60"}`)).toMatch(/ 3$/);
      expect(line(text, `staykey_job_duration_seconds_bucket{${labels},le="+Inf"}`)).toMatch(/ 4$/);
      expect(Number(line(text, `staykey_job_duration_seconds_sum{${labels}}`)?.split(" ")[1])).toBeCloseTo(120.028, 6);
      expect(line(text, `staykey_job_duration_seconds_count{${labels}}`)).toMatch(/ 4$/);
    }
    // Read twice, counted once: reading hands prom-client the totals, it does not add them again.
    expect(line(await processMetrics.metrics(), `staykey_jobs_processed_total{${labels},outcome="completed"}`)).toMatch(/ 2$/);
    recordJobRun({ ...job, outcome: "completed" }, 0.001);
    expect(line(await processMetrics.metrics(), `staykey_jobs_processed_total{${labels},outcome="completed"}`)).toMatch(/ 3$/);
  });
});
