import { expect } from "vitest";
import type { JobHandlers } from "../../src/jobs/port";
import { webhookProcessors } from "../../src/services/webhooks/processors";
import type { WebhookReceiver } from "../peers/webhook-receiver";
import { apiHarness } from "../support/api-client";
import type { TestServiceDepsOptions } from "../support/service-deps";
import { testWorld } from "../support/world";

/**
 * The API with its `webhooks` queue running (the embedded driver on the harness's manual clock, or the driver given),
 * a property of account A, and the steps the webhook tests take: register the receiver, add a stay, move time.
 */
export async function webhookHarness(receiver: WebhookReceiver, opts: TestServiceDepsOptions) {
  const h = await apiHarness(opts);
  await h.deps.jobs.start(webhookProcessors(h.deps) as JobHandlers, { queues: ["webhooks"] });
  const world = testWorld(h.deps);
  const property = world.property(h.a.accountId);
  const register = async (eventTypes: string[] = ["stay.created"]) => {
    const res = await h.a.request("POST", "/api/v1/webhook-endpoints", { url: receiver.url(), eventTypes });
    expect(res.status).toBe(201);
    return res.body as { id: string; secret: string };
  };
  const addStay = async () => {
    // A month ahead of the harness's clock, whatever its date.
    const day = (offset: number) => new Date(h.deps.clock.now().getTime() + offset * 86_400_000).toISOString().slice(0, 10);
    const res = await h.a.request("POST", "/api/v1/stays", { propertyId: property.id, checkInDate: day(30), checkOutDate: day(33), guestName: "Ada" });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  /** Lets the runner (polling on real time) see jobs the manual clock has made due. */
  const advance = async (ms: number) => {
    h.deps.clock.advance(ms);
    await new Promise((r) => setTimeout(r, 50));
  };
  const deliveries = async (endpointId: string) => (await h.a.request("GET", `/api/v1/webhook-endpoints/${endpointId}/deliveries`)).body.data as any[];
  const eventually = async <T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 20_000): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = await read();
      if (ok(v) || Date.now() > deadline) return v;
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  /** Waits until the endpoint's first delivery has recorded `n` attempts, then moves the clock past its next one. */
  const afterAttempts = async (endpointId: string, n: number) => {
    const [d] = await eventually(() => deliveries(endpointId), (list) => list[0]?.attempts.length === n);
    expect(d.attempts).toHaveLength(n);
    if (d.nextAttemptAt) await advance(new Date(d.nextAttemptAt).getTime() - h.deps.clock.now().getTime());
  };
  return { h, world, property, register, addStay, advance, afterAttempts, deliveries, eventually, close: () => h.deps.jobs.stop() };
}

