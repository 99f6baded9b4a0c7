import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BullmqJobQueue } from "../../src/jobs/bullmq/bullmq-queue";
import { syncFeedNow } from "../../src/services/calendar/sync-now";
import { startFeedServer, type FeedServer } from "../peers/feed-server";
import { startRedisServer, type RedisPeer } from "../peers/redis-server";
import { startWebhookReceiver, type WebhookReceiver } from "../peers/webhook-receiver";
import { airbnbCalendar, airbnbUid } from "../sync/calendars";
import { verifyStandardWebhook } from "./standard-webhooks-verifier";
import { webhookHarness } from "./webhook-harness";

const ENV = { STAYKEY_WEBHOOK_ALLOW_HOSTS: "127.0.0.1", STAYKEY_WEBHOOK_BACKOFF_SECONDS: "1", STAYKEY_WEBHOOK_ATTEMPTS: "3" };

let receiver: WebhookReceiver;
let redis: RedisPeer;
let calendars: FeedServer;
beforeAll(async () => {
  [receiver, redis, calendars] = await Promise.all([startWebhookReceiver(), startRedisServer(), startFeedServer()]);
});
afterAll(async () => {
  await Promise.all([receiver?.close(), redis?.stop(), calendars?.close()]);
});

describe("outbound webhooks on BullMQ (a real redis-server)", () => {
  it("delivers a signed stay.created, and retries a 500 until the 200, listing both attempts", async () => {
    receiver.received.length = 0;
    // BullMQ delays by the real clock, so the harness's clock starts at the real now.
    const r = await webhookHarness(receiver, { env: ENV, now: new Date().toISOString(), jobs: () => new BullmqJobQueue({ url: redis.url }) });
    try {
      const endpoint = await r.register();
      receiver.answer(500, 200);
      const stayId = await r.addStay();
      const [first, second] = await receiver.waitFor(2, 30_000);
      const now = Math.floor(Date.now() / 1000);
      for (const got of [first!, second!]) expect(verifyStandardWebhook(endpoint.secret, got.headers, got.rawBody, now)).toBe(true);
      expect(JSON.parse(second!.rawBody)).toMatchObject({ type: "stay.created", data: { id: stayId } });
      expect(second!.headers["webhook-id"]).toBe(first!.headers["webhook-id"]);
      const [delivery] = await r.eventually(() => r.deliveries(endpoint.id), (d) => d[0]?.status === "delivered", 30_000);
      expect(delivery.attempts.map((a: any) => [a.status, a.outcome])).toEqual([[500, "retry"], [200, "delivered"]]);
    } finally {
      await r.close();
      receiver.answer(200);
    }
  });
});

describe("outbound webhooks from a calendar sync", () => {
  it("sends stay.created for a new booking and stay.changed when its dates move", async () => {
    receiver.received.length = 0;
    const r = await webhookHarness(receiver, { env: ENV });
    try {
      const endpoint = await r.register(["stay.created", "stay.changed", "stay.cancelled"]);
      const day = (offset: number) => new Date(r.h.deps.clock.now().getTime() + offset * 86_400_000).toISOString().slice(0, 10);
      calendars.set("/webhooks/42.ics", { body: airbnbCalendar([{ uid: airbnbUid(1), start: day(10), end: day(13), code: "HMWEBHOOK1" }]) });
      const feed = r.world.feed(r.property.id, { url: calendars.url("/webhooks/42.ics") });
      expect((await syncFeedNow(r.h.deps, r.h.a.accountId, feed.id, "test"))?.result).toBe("changed");
      const [created] = await receiver.waitFor(1);
      const body = JSON.parse(created!.rawBody);
      expect(body).toMatchObject({ type: "stay.created", data: { propertyId: r.property.id, feedId: feed.id, checkInDate: day(10), reservationCode: "HMWEBHOOK1" } });
      expect(verifyStandardWebhook(endpoint.secret, created!.headers, created!.rawBody, Math.floor(r.h.deps.clock.now().getTime() / 1000))).toBe(true);

      calendars.set("/webhooks/42.ics", { body: airbnbCalendar([{ uid: airbnbUid(1), start: day(10), end: day(14), code: "HMWEBHOOK1" }]) });
      await syncFeedNow(r.h.deps, r.h.a.accountId, feed.id, "test");
      const [, changed] = await receiver.waitFor(2);
      expect(JSON.parse(changed!.rawBody)).toMatchObject({ type: "stay.changed", data: { id: body.data.id, checkOutDate: day(14) } });
      // Re-running the same sync changes nothing and sends nothing more.
      await syncFeedNow(r.h.deps, r.h.a.accountId, feed.id, "test");
      await new Promise((res) => setTimeout(res, 300));
      expect(receiver.received).toHaveLength(2);
    } finally {
      await r.close();
    }
  });
});
