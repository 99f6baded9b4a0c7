import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activateCode } from "../../src/services/access/code-outcomes";
import { webhookBodySchema } from "../../src/routes/openapi-webhooks";
import { raiseAlert, notifyAlertChange } from "../../src/services/alerts";
import { recordDoorEvent } from "../../src/services/door/record-door-event";
import { startWebhookReceiver, type WebhookReceiver } from "../peers/webhook-receiver";
import { webhookHarness } from "./webhook-harness";

let receiver: WebhookReceiver;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await receiver.close();
});

describe("outbound webhooks beyond stays", () => {
  it("sends code.active, lock.unlocked from the access log and alert.opened, none carrying the PIN", async () => {
    const r = await webhookHarness(receiver, { env: { STAYKEY_WEBHOOK_ALLOW_HOSTS: "127.0.0.1" } });
    try {
      await r.register(["code.active", "lock.unlocked", "alert.opened"]);
      const lock = r.world.lock(r.property.id);
      const code = r.world.code(lock.id, { pin: "583914", state: "programming" });
      await activateCode(r.h.deps, code);
      await recordDoorEvent(r.h.deps, { provider: "simulated", providerEventId: "wh-1", lockId: lock.id, kind: "unlocked", method: "manual", occurredAt: r.h.deps.clock.now() });
      await notifyAlertChange(r.h.deps, raiseAlert(r.h.deps.db, r.h.deps.clock, {
        accountId: r.h.a.accountId, kind: "battery_low", severity: "warning", subjectType: "lock", subjectId: lock.id, dedupeKey: `battery:${lock.id}`, title: "Battery low",
      }));
      const got = await receiver.waitFor(3);
      const bodies = got.map((g) => JSON.parse(g.rawBody));
      expect(bodies.map((b) => b.type).sort()).toEqual(["alert.opened", "code.active", "lock.unlocked"]);
      expect(bodies.find((b) => b.type === "code.active").data).toMatchObject({ id: code.id, lockId: lock.id, state: "active" });
      expect(bodies.find((b) => b.type === "lock.unlocked").data).toMatchObject({ lockId: lock.id, kind: "unlocked", method: "manual" });
      for (const g of got) expect(g.rawBody).not.toContain("583914");
      // What the OpenAPI document's `webhooks` says is what arrives.
      for (const b of bodies) expect(webhookBodySchema(b.type).safeParse(b).error?.issues ?? [], b.type).toEqual([]);
    } finally {
      await r.close();
    }
  });
});
