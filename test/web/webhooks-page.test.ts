import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JobHandlers } from "../../src/jobs/port";
import { createManualStay } from "../../src/services/stays/manual-stay";
import { webhookProcessors } from "../../src/services/webhooks/processors";
import { startWebhookReceiver, type WebhookReceiver } from "../peers/webhook-receiver";
import { signedInHost } from "./signed-in-host";

let receiver: WebhookReceiver;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await receiver.close();
});

describe("the Webhooks page", () => {
  it("adds an endpoint showing its secret once, lists its deliveries with their attempts, redelivers, rotates and disables", async () => {
    const { deps, world, owner, client } = await signedInHost({ email: "host@example.com", password: "a long enough password" });
    deps.config.STAYKEY_WEBHOOK_ALLOW_HOSTS = "127.0.0.1";
    await deps.jobs.start(webhookProcessors(deps) as JobHandlers, { queues: ["webhooks"] });
    try {
      const csrf = await client.csrfFrom("/dashboard/webhooks");
      const refused = await client.post("/dashboard/webhooks", { _csrf: csrf, url: "http://10.0.0.7/hook", description: "", eventTypes: "stay.created" });
      expect(refused.status).toBe(400);
      expect(refused.html).toContain("10.0.0.7 is private");

      const added = await client.post("/dashboard/webhooks", { _csrf: csrf, url: receiver.url(), description: "PMS", eventTypes: "stay.created" });
      expect(added.status).toBe(201);
      const secret = /whsec_[A-Za-z0-9+/=]+/.exec(added.html)?.[0];
      const id = /\/dashboard\/webhooks\/(whep_[0-9a-z]+)\//.exec(added.html)?.[1];
      expect(secret && id).toBeTruthy();
      const page = `/dashboard/webhooks/${id}`;
      expect((await client.get(page)).html).not.toContain(secret);
      // Only scheme and host once registered: a receiver may keep its token in the path.
      const listed = (await client.get("/dashboard/webhooks")).html;
      expect(listed).toContain(`${new URL(receiver.url()).origin}/…`);
      expect(listed).not.toContain(receiver.url());

      const property = world.property(owner.accountId);
      await createManualStay(deps, owner.accountId, { propertyId: property.id, checkInDate: "2030-06-01", checkOutDate: "2030-06-03" });
      await receiver.waitFor(1);
      const deadline = Date.now() + 20_000;
      let shown = "";
      // A pause between reads: the app answers without I/O, so a tight loop would starve the delivery's own socket.
      for (; !shown.includes("HTTP 200") && Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) shown = (await client.get(page)).html;
      expect(shown).toContain("stay.created");
      expect(shown).toContain("HTTP 200");

      const deliveryId = /\/deliveries\/(whdl_[0-9a-z]+)\/redeliver/.exec(shown)?.[1];
      const again = await client.post(`${page}/deliveries/${deliveryId}/redeliver`, { _csrf: csrf });
      expect(again.status).toBe(303);
      const [, second] = await receiver.waitFor(2);
      expect(second!.headers["webhook-id"]).toBe(deliveryId);

      const rotated = await client.post(`${page}/rotate-secret`, { _csrf: csrf });
      const newSecret = /whsec_[A-Za-z0-9+/=]+/.exec(rotated.html)?.[0];
      expect(newSecret).toBeTruthy();
      expect(newSecret).not.toBe(secret);

      expect((await client.post(`${page}/disable`, { _csrf: csrf })).status).toBe(303);
      expect((await client.get(page)).html).toContain("<strong>disabled</strong>");
    } finally {
      await deps.jobs.stop();
    }
  });
});
