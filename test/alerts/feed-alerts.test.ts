import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { alerts } from "../../src/db/schema";
import { checkAllFeeds, checkFeedHealth } from "../../src/services/health/feed-health-alerts";
import { alertWorld, HOST_PHONE } from "./alert-world";

describe("feed health alerts", () => {
  it("opens one alert and sends one notice after three failed syncs, then resolves with one recovery notice", async () => {
    const w = await alertWorld();
    const feed = w.addFeed("Airbnb listing");
    for (let i = 1; i <= 2; i++) {
      w.failSync(feed.id);
      await checkFeedHealth(w.deps, feed.id);
      await w.settle();
    }
    expect(w.alertsOf()).toHaveLength(0);

    w.failSync(feed.id);
    await checkFeedHealth(w.deps, feed.id);
    await checkAllFeeds(w.deps); // the periodic sweep seeing the same failure adds nothing
    await w.settle();
    const [alert] = w.alertsOf("feed_failing");
    expect(w.alertsOf()).toHaveLength(1);
    expect(alert).toMatchObject({ status: "open", severity: "warning", subjectId: feed.id });
    const notices = w.notices();
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ alertId: alert!.id, channel: "sms", provider: "outbox", status: "queued", recipient: HOST_PHONE, idempotencyKey: expect.stringMatching(new RegExp(`^alert:${alert!.id}:opened:warning:`)) });
    const text = w.body(notices[0]!);
    expect(text).toContain("Airbnb listing");
    expect(text).not.toContain("?s=tok"); // the feed URL's token never reaches a message
    expect(w.pendingJobs("messages.deliver")).toHaveLength(1);

    // A fourth failure refreshes the same alert and stays quiet.
    w.failSync(feed.id);
    await checkFeedHealth(w.deps, feed.id);
    await w.settle();
    expect(w.notices()).toHaveLength(1);

    w.succeedSync(feed.id);
    await checkFeedHealth(w.deps, feed.id);
    await w.settle();
    expect(w.alertsOf("feed_failing")[0]).toMatchObject({ status: "resolved" });
    const after = w.notices();
    expect(after).toHaveLength(2);
    expect(after[1]!.idempotencyKey).toMatch(new RegExp(`^alert:${alert!.id}:resolved:`));
    expect(w.body(after[1]!)).toMatch(/^staykey: Resolved: /);

    // Running everything again sends nothing more.
    await checkAllFeeds(w.deps);
    await w.settle();
    expect(w.notices()).toHaveLength(2);
  });

  it("reports a feed with no successful sync for six hours as stale, and clears it on the next success", async () => {
    const w = await alertWorld();
    const feed = w.addFeed();
    w.clock.advance(5 * 3600_000);
    await checkAllFeeds(w.deps);
    expect(w.alertsOf()).toHaveLength(0);
    w.clock.advance(3600_000);
    await checkAllFeeds(w.deps);
    await w.settle();
    expect(w.alertsOf("feed_stale")).toMatchObject([{ status: "open", title: expect.stringContaining("has not synced for 6 h") }]);
    expect(w.notices()).toHaveLength(1);

    w.succeedSync(feed.id);
    await checkAllFeeds(w.deps);
    await w.settle();
    expect(w.alertsOf("feed_stale")[0]!.status).toBe("resolved");
    expect(w.notices()).toHaveLength(2);
  });

  it("escalates a failing feed to critical once nothing has synced for six hours, and says so again", async () => {
    const w = await alertWorld();
    const feed = w.addFeed();
    for (let i = 0; i < 3; i++) w.failSync(feed.id);
    await checkFeedHealth(w.deps, feed.id);
    await w.settle();
    w.clock.advance(6 * 3600_000);
    w.failSync(feed.id);
    await checkFeedHealth(w.deps, feed.id);
    await w.settle();
    expect(w.alertsOf()).toMatchObject([{ kind: "feed_failing", severity: "critical", status: "open" }]);
    expect(w.notices().map((m) => m.idempotencyKey.split(":")[2])).toEqual(["opened", "escalated"]);
  });

  it("reminds about an open alert only after a quiet day, and not once it is acknowledged", async () => {
    const w = await alertWorld();
    w.deps.alertPolicy = { feedStaleAfterMs: 30 * 24 * 3600_000 };
    const [a, b] = [w.addFeed("A"), w.addFeed("B")];
    for (const f of [a, b]) {
      for (let i = 0; i < 3; i++) w.failSync(f.id);
      await checkFeedHealth(w.deps, f.id);
    }
    await w.settle();
    const ackd = w.alertsOf().find((x) => x.subjectId === b.id)!;
    w.db.update(alerts).set({ acknowledgedAt: w.clock.now(), acknowledgedBy: "user_test" }).where(eq(alerts.id, ackd.id)).run();
    const kinds = () => w.notices().map((m) => `${m.alertId === ackd.id ? "B" : "A"}:${m.idempotencyKey.split(":")[2]!.replace(/-\d+$/, "")}`);
    for (let h = 0; h < 23; h++) {
      w.clock.advance(3600_000);
      for (const f of [a, b]) {
        w.failSync(f.id);
        await checkFeedHealth(w.deps, f.id);
      }
      await w.settle();
    }
    expect(kinds()).toEqual(["A:opened", "B:opened"]);
    w.clock.advance(3600_000);
    for (const f of [a, b]) await checkFeedHealth(w.deps, f.id);
    await w.settle();
    expect(kinds()).toEqual(["A:opened", "B:opened", "A:reminder"]);
  });
});
