import { describe, expect, it } from "vitest";
import { WEBHOOK_EVENT_TYPES } from "../../src/domain/webhooks";
import { webhookBodySchema } from "../../src/routes/openapi-webhooks";
import { recordDoorEvent } from "../../src/services/door/record-door-event";
import { alertEvent, codeEvent, doorEvent, messageEvent, stayEvent } from "../../src/services/webhooks/event-payloads";
import type { WebhookEvent } from "../../src/services/webhooks/publish-event";
import { testServiceDeps } from "../support/service-deps";
import { testWorld } from "../support/world";

/** The body exactly as publishWebhookEvent serialises it, parsed back as a receiver would. */
const wire = (event: WebhookEvent | null) => {
  expect(event).not.toBeNull();
  return JSON.parse(JSON.stringify({ type: event!.type, timestamp: new Date().toISOString(), data: event!.data })) as { type: (typeof WEBHOOK_EVENT_TYPES)[number] };
};
const documented = (body: { type: (typeof WEBHOOK_EVENT_TYPES)[number]; data?: unknown }) => webhookBodySchema(body.type).safeParse(body);

describe("the OpenAPI webhook schemas against what staykey really sends", () => {
  it("cover every payload family, with its nullable fields both null and set", async () => {
    const deps = testServiceDeps();
    const world = testWorld(deps);
    const { accountId } = await world.account();
    const property = world.property(accountId);
    const lock = world.lock(property.id);
    const manual = world.stay(property.id, { kind: "manual" });
    const booked = world.stay(property.id, { reservationCode: "HMQ7TZ2KWA", status: "cancelled" });
    const active = world.code(lock.id, { stayId: manual.id, state: "active" });
    const failed = world.code(lock.id, { state: "failed", lastError: "The lock refused the code" });
    const delivered = world.message(accountId, { channel: "email", status: "sent", stayId: manual.id, propertyId: property.id });
    const undelivered = world.message(accountId, { channel: "sms", status: "undelivered", errorCode: "30003" });
    const open = world.alert(accountId, { subjectType: "lock", subjectId: lock.id });
    const { event: unlocked } = await recordDoorEvent(deps, {
      provider: "simulated", providerEventId: "schema-1", lockId: lock.id, kind: "unlocked", method: "manual", occurredAt: deps.clock.now(),
    });

    const bodies = [
      stayEvent(deps.db, manual.id), stayEvent(deps.db, booked.id), codeEvent(deps.db, active.id), codeEvent(deps.db, failed.id),
      messageEvent(deps.db, delivered.id), messageEvent(deps.db, undelivered.id), alertEvent(deps.db, open.id), doorEvent(deps.db, unlocked!.id),
    ].map(wire);
    expect(bodies.map((b) => b.type)).toEqual([
      "stay.created", "stay.cancelled", "code.active", "code.failed", "message.delivered", "message.failed", "alert.opened", "lock.unlocked",
    ]);
    for (const body of bodies) expect(documented(body).error?.issues ?? [], body.type).toEqual([]);
  });

  it("refuse a body the documentation does not describe, so the check above can fail", async () => {
    const deps = testServiceDeps();
    const world = testWorld(deps);
    const { accountId } = await world.account();
    const stay = world.stay(world.property(accountId).id);
    const body = wire(stayEvent(deps.db, stay.id)) as { type: "stay.created"; data: Record<string, unknown> };
    expect(documented(body).success).toBe(true);
    expect(documented({ ...body, data: { ...body.data, guestPhone: "+15555550123" } }).success).toBe(false);
    expect(documented({ ...body, data: { ...body.data, status: "maybe" } }).success).toBe(false);
    expect(documented({ ...body, type: "code.active" as never }).success).toBe(false);
  });
});
