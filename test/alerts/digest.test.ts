import { describe, expect, it } from "vitest";
import { jobs } from "../../src/db/schema";
import { createReconciler } from "../../src/jobs/reconciler";
import { reconcileSources } from "../../src/runtime/reconcile-sources";
import { raiseAlert, resolveAlert, type AlertTransition } from "../../src/services/alerts/alert-store";
import { notifyAlertChanges } from "../../src/services/alerts/notify-alert-change";
import { checkAllFeeds, checkFeedHealth } from "../../src/services/health/feed-health-alerts";
import { alertWorld } from "./alert-world";

describe("alert digest", () => {
  it("sends one digest, not 200 texts, when 200 feeds fail together", async () => {
    const w = await alertWorld();
    const feeds = Array.from({ length: 200 }, (_, i) => w.addFeed(`Listing ${i + 1}`));
    for (const f of feeds) w.failSync(f.id, 3);
    // Some feeds are reported by their own sync, the rest by the sweep; both paths meet in the same digest.
    for (const f of feeds.slice(0, 20)) await checkFeedHealth(w.deps, f.id);
    await checkAllFeeds(w.deps);
    await w.settle();

    expect(w.alertsOf("feed_failing")).toHaveLength(200);
    const notices = w.notices();
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ purpose: "alert_digest", channel: "sms", provider: "outbox", alertId: null });
    const text = w.body(notices[0]!);
    expect(text).toContain("200 alert updates: 200 calendar not syncing");
    expect(text).toContain("…and 197 more");
    expect(w.alertsOf("feed_failing").every((a) => a.notifiedAt !== null && a.notifiedSeverity === "warning")).toBe(true);
    expect(w.pendingJobs("alerts.digest")).toHaveLength(0);
    expect(w.ran.filter((n) => n === "alerts.digest")).toHaveLength(1);

    // The outage ends: the 200 recoveries are one digest too.
    for (const f of feeds) w.succeedSync(f.id);
    await checkAllFeeds(w.deps);
    await w.settle();
    const after = w.notices();
    expect(after).toHaveLength(2);
    expect(w.body(after[1]!)).toContain("200 resolved");
  });

  it("still sends a few alerts one by one", async () => {
    const w = await alertWorld();
    const feeds = Array.from({ length: 5 }, (_, i) => w.addFeed(`Listing ${i + 1}`));
    for (const f of feeds) w.failSync(f.id, 3);
    await checkAllFeeds(w.deps);
    await w.settle();
    expect(w.notices().map((m) => m.purpose)).toEqual(["alert", "alert", "alert", "alert", "alert"]);
  });

  it("sends the notices of a digest lost with the queue, once, after the next reconcile pass", async () => {
    const w = await alertWorld();
    const reconcile = () => createReconciler({ db: w.db, queue: w.deps.jobs, sources: reconcileSources, clock: w.clock }).run();
    /** Runs the notify jobs, so the digest waits for its window, then loses every job (what a Redis FLUSHALL does). */
    const loseTheDigest = async (transitions: Array<AlertTransition | null>) => {
      await notifyAlertChanges(w.deps, transitions);
      await w.runDue();
      expect(w.pendingJobs("alerts.digest")).toHaveLength(1);
      w.db.delete(jobs).run();
      await reconcile();
      await w.settle();
    };
    // Alerts no sweep raises again, so only the reconciler can bring their notices back.
    const keys = ["code_failed:code_lost000001", "code_failed:code_lost000002"];
    const raise = (dedupeKey: string) =>
      raiseAlert(w.db, w.clock, { accountId: w.accountId, kind: "code_failed", severity: "critical", subjectType: "access_code", subjectId: dedupeKey.split(":")[1]!, dedupeKey, title: "A code failed" });
    const noticeKinds = () => w.notices().map((m) => m.idempotencyKey.split(":")[2]);

    await loseTheDigest(keys.map(raise));
    expect(noticeKinds()).toEqual(["opened", "opened"]);
    await loseTheDigest(keys.map((key) => resolveAlert(w.db, w.clock, w.accountId, key)));
    expect(noticeKinds()).toEqual(["opened", "opened", "resolved", "resolved"]);
    await reconcile();
    await w.settle();
    expect(noticeKinds()).toHaveLength(4);
  });
});
