import { describe, expect, it } from "vitest";
import { apiHarness } from "../support/api-client";
import { createWebhookEndpoint } from "../../src/services/webhooks";
import { signedInHost } from "../web/signed-in-host";

// A receiver that takes its token in the path and the query, as Slack's, Zapier's and Make's do.
const HOOK = "http://127.0.0.1:9/services/T0123/B4567/sEcReTpAtHtOkEn?token=sEcReTqUeRy";

describe("a webhook endpoint's URL after registration", () => {
  it("is shown as scheme and host only by every API answer, never the path or query the token is in", async () => {
    const h = await apiHarness();
    h.deps.config.STAYKEY_WEBHOOK_ALLOW_HOSTS = "127.0.0.1";
    const created = await h.a.request("POST", "/api/v1/webhook-endpoints", { url: HOOK, eventTypes: ["stay.created"] });
    expect(created.status).toBe(201);
    expect(created.body.url).toBe("http://127.0.0.1:9/…");
    const answers = [
      created.body,
      (await h.a.request("GET", "/api/v1/webhook-endpoints")).body,
      (await h.a.request("GET", `/api/v1/webhook-endpoints/${created.body.id}`)).body,
      (await h.a.request("PATCH", `/api/v1/webhook-endpoints/${created.body.id}`, { description: "Slack" })).body,
      (await h.a.request("POST", `/api/v1/webhook-endpoints/${created.body.id}/rotate-secret`)).body,
    ];
    for (const text of answers.map((body) => JSON.stringify(body))) {
      expect(text).toContain("http://127.0.0.1:9/…");
      expect(text).not.toContain("sEcReT");
    }
  });

  it("is shown as scheme and host only on the dashboard's list and endpoint pages", async () => {
    const { deps, owner, client } = await signedInHost({ email: "host@example.com", password: "a long enough password" });
    deps.config.STAYKEY_WEBHOOK_ALLOW_HOSTS = "127.0.0.1";
    const { row } = await createWebhookEndpoint(deps, { accountId: owner.accountId, userId: owner.userId }, { url: HOOK, eventTypes: ["stay.created"] });
    for (const path of ["/dashboard/webhooks", `/dashboard/webhooks/${row.id}`]) {
      const page = await client.get(path);
      expect(page.status).toBe(200);
      expect(page.html).toContain("http://127.0.0.1:9/…");
      expect(page.html).not.toContain("sEcReT");
    }
  });
});
