import { and, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { alerts } from "../../src/db/schema";
import { webhookBodySchema } from "../../src/routes/openapi-webhooks";
import { webhookAlertKey } from "../../src/services/webhooks";
import { startWebhookReceiver, type WebhookReceiver } from "../peers/webhook-receiver";
import { apiHarness } from "../support/api-client";
import { verifyStandardWebhook } from "./standard-webhooks-verifier";
import { webhookHarness } from "./webhook-harness";

const ENV = { STAYKEY_WEBHOOK_ALLOW_HOSTS: "127.0.0.1", STAYKEY_WEBHOOK_BACKOFF_SECONDS: "1", STAYKEY_WEBHOOK_ATTEMPTS: "3", STAYKEY_WEBHOOK_DISABLE_AFTER_HOURS: "2" };
const running = (env: Record<string, string> = ENV) => webhookHarness(receiver, { env });

let receiver: WebhookReceiver;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await receiver.close();
});
afterEach(() => {
  receiver.received.length = 0;
  receiver.answer(200);
});

describe("outbound webhooks (embedded driver)", () => {
  it("sends a stay.created that a Standard Webhooks verifier accepts, with the secret shown once at creation", async () => {
    const r = await running();
    try {
      const endpoint = await r.register();
      expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
      const listed = await r.h.a.request("GET", `/api/v1/webhook-endpoints/${endpoint.id}`);
      expect(JSON.stringify(listed.body)).not.toContain(endpoint.secret);

      const stayId = await r.addStay();
      const [got] = await receiver.waitFor(1);
      const now = Math.floor(r.h.deps.clock.now().getTime() / 1000);
      expect(verifyStandardWebhook(endpoint.secret, got!.headers, got!.rawBody, now)).toBe(true);
      expect(verifyStandardWebhook(endpoint.secret, got!.headers, got!.rawBody.replace("stay.created", "stay.changed"), now)).toBe(false);
      const body = JSON.parse(got!.rawBody);
      expect(body).toMatchObject({ type: "stay.created", data: { id: stayId, propertyId: r.property.id, status: "confirmed", checkInDate: expect.any(String) } });
      expect(webhookBodySchema("stay.created").safeParse(body).error?.issues ?? []).toEqual([]);
      // Thin payloads: no guest details travel; an integrator reads them through the API with its key.
      expect(got!.rawBody).not.toContain("Ada");
      expect(got!.headers["webhook-id"]).toMatch(/^whdl_/);
    } finally {
      await r.close();
    }
  });

  it("retries a 500 and lists both attempts on the delivery", async () => {
    const r = await running();
    try {
      const endpoint = await r.register();
      receiver.answer(500, 200);
      await r.addStay();
      await r.afterAttempts(endpoint.id, 1);
      const [first, second] = await receiver.waitFor(2);
      expect(second!.headers["webhook-id"]).toBe(first!.headers["webhook-id"]);
      expect(second!.rawBody).toBe(first!.rawBody);
      const [delivery] = await r.eventually(() => r.deliveries(endpoint.id), (d) => d[0]?.status === "delivered");
      expect(delivery.status).toBe("delivered");
      expect(delivery.attempts.map((a: any) => [a.attempt, a.status, a.outcome])).toEqual([[1, 500, "retry"], [2, 200, "delivered"]]);
    } finally {
      await r.close();
    }
  });

  for (const status of [410, 400]) {
    it(`treats a ${status} as final: one attempt, no retry`, async () => {
      const r = await running();
      try {
        const endpoint = await r.register();
        receiver.answer(status);
        await r.addStay();
        await receiver.waitFor(1);
        const [delivery] = await r.eventually(() => r.deliveries(endpoint.id), (d) => d[0]?.status === "failed");
        expect(delivery).toMatchObject({ status: "failed", nextAttemptAt: null });
        expect(delivery.attempts.map((a: any) => [a.status, a.outcome])).toEqual([[status, "final"]]);
        await r.advance(3_600_000);
        await new Promise((res) => setTimeout(res, 300));
        expect(receiver.received).toHaveLength(1);
      } finally {
        await r.close();
      }
    });
  }

  it("gives up after STAYKEY_WEBHOOK_ATTEMPTS, and a redelivery sends the same event again", async () => {
    const r = await running();
    try {
      const endpoint = await r.register();
      receiver.answer(503);
      await r.addStay();
      await r.afterAttempts(endpoint.id, 1);
      await r.afterAttempts(endpoint.id, 2);
      await receiver.waitFor(3);
      const [failed] = await r.eventually(() => r.deliveries(endpoint.id), (d) => d[0]?.status === "failed");
      expect(failed.attempts.map((a: any) => a.outcome)).toEqual(["retry", "retry", "final"]);

      receiver.answer(200);
      const again = await r.h.a.request("POST", `/api/v1/webhook-endpoints/${endpoint.id}/deliveries/${failed.id}/redeliver`);
      expect(again.status).toBe(202);
      const received = await receiver.waitFor(4);
      expect(received[3]!.headers["webhook-id"]).toBe(failed.id);
      const [delivered] = await r.eventually(() => r.deliveries(endpoint.id), (d) => d[0]?.status === "delivered");
      expect(delivered.attempts).toHaveLength(4);
    } finally {
      await r.close();
    }
  });

  it("disables an endpoint that keeps failing, alerts the host once, and resolves the alert when it is enabled again", async () => {
    const r = await running({ ...ENV, STAYKEY_WEBHOOK_ATTEMPTS: "8" });
    const openAlerts = () => r.h.deps.db.select().from(alerts).where(and(eq(alerts.dedupeKey, webhookAlertKey(endpoint.id)), eq(alerts.status, "open"))).all();
    let endpoint = { id: "", secret: "" };
    try {
      endpoint = await r.register();
      receiver.answer(503);
      await r.addStay();
      await r.afterAttempts(endpoint.id, 1);
      // Failing since the first attempt; the threshold is 2 hours.
      await r.advance(3 * 3_600_000);
      await receiver.waitFor(2);
      const shown = await r.eventually(async () => (await r.h.a.request("GET", `/api/v1/webhook-endpoints/${endpoint.id}`)).body, (b) => b.status === "disabled");
      expect(shown.status).toBe("disabled");
      expect(openAlerts()).toHaveLength(1);
      expect(openAlerts()[0]).toMatchObject({ kind: "webhook_failing", subjectId: endpoint.id });

      // Disabled: a new event is not even queued for it.
      await r.addStay();
      await r.advance(3_600_000);
      await new Promise((res) => setTimeout(res, 300));
      expect(receiver.received).toHaveLength(2);

      const enabled = await r.h.a.request("PATCH", `/api/v1/webhook-endpoints/${endpoint.id}`, { enabled: true });
      expect(enabled.body).toMatchObject({ status: "enabled", failingSince: null });
      expect(openAlerts()).toHaveLength(0);
    } finally {
      await r.close();
    }
  });

  it("signs with the old secret too for a day after a rotation", async () => {
    const r = await running();
    try {
      const endpoint = await r.register();
      const rotated = await r.h.a.request("POST", `/api/v1/webhook-endpoints/${endpoint.id}/rotate-secret`);
      expect(rotated.status).toBe(200);
      expect(rotated.body.secret).not.toBe(endpoint.secret);
      await r.addStay();
      const [got] = await receiver.waitFor(1);
      const now = Math.floor(r.h.deps.clock.now().getTime() / 1000);
      expect(verifyStandardWebhook(rotated.body.secret, got!.headers, got!.rawBody, now)).toBe(true);
      expect(verifyStandardWebhook(endpoint.secret, got!.headers, got!.rawBody, now)).toBe(true);
      expect(String(got!.headers["webhook-signature"]).split(" ")).toHaveLength(2);
    } finally {
      await r.close();
    }
  });
});

describe("outbound webhook targets and access", () => {
  it("refuses a private or loopback target unless the operator allows it", async () => {
    const h = await apiHarness();
    for (const url of ["http://10.0.0.5/hook", "http://127.0.0.1:9/hook", "http://169.254.169.254/latest", "http://[::1]/hook"]) {
      const res = await h.a.request("POST", "/api/v1/webhook-endpoints", { url, eventTypes: ["stay.created"] });
      expect([url, res.status]).toEqual([url, 400]);
      expect(res.body.errors[0].path).toBe("url");
    }
    const allowed = await apiHarness({ env: { STAYKEY_WEBHOOK_ALLOW_HOSTS: "127.0.0.1" } });
    expect((await allowed.a.request("POST", "/api/v1/webhook-endpoints", { url: "http://127.0.0.1:9/hook", eventTypes: ["stay.created"] })).status).toBe(201);
    // Link-local (cloud metadata) stays refused even when allow-listed.
    const metadata = await apiHarness({ env: { STAYKEY_WEBHOOK_ALLOW_HOSTS: "169.254.0.0/16" } });
    expect((await metadata.a.request("POST", "/api/v1/webhook-endpoints", { url: "http://169.254.169.254/", eventTypes: ["stay.created"] })).status).toBe(400);
  });

  it("refuses at delivery time a target the policy no longer allows, as a final attempt", async () => {
    const r = await running();
    try {
      const endpoint = await r.register();
      // The operator removes the allowance after the endpoint was saved.
      r.h.deps.config.STAYKEY_WEBHOOK_ALLOW_HOSTS = undefined;
      await r.addStay();
      const [delivery] = await r.eventually(() => r.deliveries(endpoint.id), (d) => d[0]?.status === "failed");
      expect(delivery.attempts).toHaveLength(1);
      expect(delivery.attempts[0]).toMatchObject({ status: null, outcome: "final" });
      expect(delivery.attempts[0].error).toContain("127.0.0.1 is loopback");
      expect(receiver.received).toHaveLength(0);
    } finally {
      await r.close();
    }
  });

  it("answers another account's endpoint and deliveries as missing", async () => {
    const h = await apiHarness({ env: ENV });
    const created = await h.a.request("POST", "/api/v1/webhook-endpoints", { url: receiver.url(), eventTypes: ["stay.created"] });
    const id = created.body.id as string;
    for (const [method, path, body] of [
      ["GET", `/api/v1/webhook-endpoints/${id}`],
      ["PATCH", `/api/v1/webhook-endpoints/${id}`, { enabled: false }],
      ["POST", `/api/v1/webhook-endpoints/${id}/rotate-secret`],
      ["GET", `/api/v1/webhook-endpoints/${id}/deliveries`],
      ["POST", `/api/v1/webhook-endpoints/${id}/deliveries/whdl_x/redeliver`],
      ["DELETE", `/api/v1/webhook-endpoints/${id}`],
    ] as const) {
      const res = await h.b.request(method, path, body);
      expect([method, path, res.status]).toEqual([method, path, 404]);
    }
    expect((await h.b.request("GET", "/api/v1/webhook-endpoints")).body.data).toEqual([]);
    expect((await h.a.request("GET", `/api/v1/webhook-endpoints/${id}`)).status).toBe(200);
  });

  it("refuses an unknown event type and an empty list", async () => {
    const h = await apiHarness({ env: ENV });
    expect((await h.a.request("POST", "/api/v1/webhook-endpoints", { url: receiver.url(), eventTypes: ["stay.exploded"] })).status).toBe(400);
    expect((await h.a.request("POST", "/api/v1/webhook-endpoints", { url: receiver.url(), eventTypes: [] })).status).toBe(400);
    expect((await h.a.request("POST", "/api/v1/webhook-endpoints", { url: "ftp://example.com/x", eventTypes: ["stay.created"] })).status).toBe(400);
  });
});
