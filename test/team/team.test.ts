import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { accessCodes, messages } from "../../src/db/schema";
import { openRecipient } from "../../src/services/contact-details/contact-details";
import { apiHarness } from "../support/api-client";
import { testWorld } from "../support/world";
import { webClient } from "../web/web-client";

const messageBody = (deps: { box: { decrypt(s: string, ad: string): string } }, row: { id: string; bodyEnc: string }) => deps.box.decrypt(row.bodyEnc, `message:${row.id}`);

async function team() {
  const h = await apiHarness();
  const world = testWorld(h.deps);
  const propA = world.property(h.a.accountId, { name: "Apartment A" });
  const propB = world.property(h.a.accountId, { name: "Bungalow B" });
  return { ...h, world, propA, propB };
}

/** The owner invites over the API; the invitee follows the link, sets a password and is signed in. */
async function inviteAndAccept(h: Awaited<ReturnType<typeof team>>, body: Record<string, unknown>, password = "a long enough password") {
  const res = await h.a.request("POST", "/api/v1/invites", body);
  expect(res.status).toBe(201);
  const path = new URL(res.body.link).pathname;
  const browser = webClient(h.app);
  const csrf = await browser.csrfFrom(path);
  const accepted = await browser.post(path, { _csrf: csrf, password, ...(body.phone ? { email: `${String(body.name).toLowerCase()}@example.com` } : {}) });
  return { res, path, browser, accepted };
}

describe("team invitations", () => {
  it("sends a single-use link by email (to the outbox without SMTP) that makes a manager who lands on the dashboard", async () => {
    const h = await team();
    const { res, path, browser, accepted } = await inviteAndAccept(h, { role: "manager", name: "Mia", email: "mia@example.com" });
    expect(res.body).toMatchObject({ role: "manager", channel: "email", status: "pending" });
    expect(res.body.sentTo).not.toContain("mia@example.com");
    const notice = h.deps.db.select().from(messages).where(eq(messages.purpose, "team_invite")).get()!;
    expect(notice.provider).toBe("outbox");
    expect(openRecipient(h.deps.box, notice)).toBe("mia@example.com");
    expect(messageBody(h.deps, notice)).toContain(res.body.link);
    // Only the link's hash is stored.
    expect(JSON.stringify(h.deps.db.$client.prepare("select * from invites").all())).not.toContain(path.split("/").pop());

    expect(accepted.status).toBe(303);
    expect(accepted.location).toBe("/dashboard");
    expect((await browser.get("/dashboard")).status).toBe(200);
    // Used once: the link is dead now, for anyone.
    expect((await webClient(h.app).get(path)).status).toBe(404);
    const members = await h.a.request("GET", "/api/v1/members");
    expect(members.body.data.map((m: { email: string; role: string }) => [m.email, m.role])).toEqual([["a@example.com", "owner"], ["mia@example.com", "manager"]]);
  });

  it("refuses an invitation link after 48 hours", async () => {
    const h = await team();
    const res = await h.a.request("POST", "/api/v1/invites", { role: "manager", name: "Late", email: "late@example.com" });
    h.deps.clock.advance(48 * 60 * 60 * 1000 + 1000);
    expect((await webClient(h.app).get(new URL(res.body.link).pathname)).status).toBe(404);
    expect((await h.a.request("GET", "/api/v1/invites")).body.data[0].status).toBe("expired");
  });

  it("invites a cleaner by SMS, who signs in to their portal only", async () => {
    const h = await team();
    const { browser, accepted } = await inviteAndAccept(h, { role: "cleaner", name: "Cleo", phone: "+14155550777", propertyIds: [h.propA.id] });
    expect(accepted.location).toBe("/cleaner");
    const notice = h.deps.db.select().from(messages).where(eq(messages.purpose, "team_invite")).get()!;
    expect(notice.channel).toBe("sms");
    expect((await browser.get("/cleaner")).status).toBe(200);
    const dashboard = await browser.get("/dashboard");
    expect(dashboard.status).toBe(303);
    expect(dashboard.location).toBe("/cleaner");
  });

  it("is the owner's alone: a manager's key cannot invite, list or remove members", async () => {
    const h = await team();
    const key = await h.a.request("POST", "/api/v1/api-keys", { name: "mgr", role: "manager" });
    const manager = (method: string, path: string, body?: unknown) =>
      h.app.request(path, { method, headers: { authorization: `Bearer ${key.body.key}`, "content-type": "application/json" }, body: body ? JSON.stringify(body) : undefined });
    expect((await manager("POST", "/api/v1/invites", { role: "manager", name: "X", email: "x@example.com" })).status).toBe(403);
    expect((await manager("GET", "/api/v1/members")).status).toBe(403);
    expect((await manager("GET", "/api/v1/properties")).status).toBe(200);
  });
});

describe("removing a member", () => {
  it("ends their session and API key on the next request", async () => {
    const h = await team();
    const { browser } = await inviteAndAccept(h, { role: "manager", name: "Max", email: "max@example.com" });
    // Max makes a key of his own from his session's account: the API refuses a manager an owner key.
    const member = (await h.a.request("GET", "/api/v1/members")).body.data.find((m: { email: string }) => m.email === "max@example.com");
    const { createApiKey } = await import("../../src/services/accounts/api-keys");
    const maxKey = createApiKey(h.deps.db, h.deps.clock, { accountId: h.a.accountId, userId: member.id, name: "max", role: "manager" }).key;
    const asMax = () => h.app.request("/api/v1/properties", { headers: { authorization: `Bearer ${maxKey}` } });
    expect((await asMax()).status).toBe(200);
    expect((await browser.get("/dashboard")).status).toBe(200);

    expect((await h.a.request("DELETE", `/api/v1/members/${member.id}`)).status).toBe(204);
    expect((await asMax()).status).toBe(401);
    const after = await browser.get("/dashboard");
    expect(after.status).toBe(303);
    expect(after.location).toMatch(/^\/login/);
    const audit = await h.a.request("GET", "/api/v1/audit-events?action=team.member.remove");
    expect(audit.body.data).toHaveLength(1);
  });

  it("revokes a removed cleaner's door codes", async () => {
    const h = await team();
    const { accepted } = await inviteAndAccept(h, { role: "cleaner", name: "Cora", email: "cora@example.com", propertyIds: [h.propA.id] });
    expect(accepted.status).toBe(303);
    const member = (await h.a.request("GET", "/api/v1/members")).body.data.find((m: { email: string }) => m.email === "cora@example.com");
    const contactId = h.deps.db.$client.prepare("select contact_id from users where id = ?").pluck().get(member.id) as string;
    const lock = h.world.lock(h.propA.id);
    const active = h.world.code(lock.id, { contactId, purpose: "cleaner", state: "active" });
    const planned = h.world.code(lock.id, { contactId, purpose: "cleaner", state: "planned" });
    expect((await h.a.request("DELETE", `/api/v1/members/${member.id}`)).status).toBe(204);
    const state = (id: string) => h.deps.db.select({ s: accessCodes.state }).from(accessCodes).where(eq(accessCodes.id, id)).get()!.s;
    expect(state(active.id)).toBe("revoking");
    expect(state(planned.id)).toBe("cancelled");
    expect(h.deps.db.$client.prepare("select count(*) from property_cleaners where contact_id = ?").pluck().get(contactId)).toBe(0);
  });

  it("cannot remove the owner", async () => {
    const h = await team();
    const owner = (await h.a.request("GET", "/api/v1/members")).body.data[0];
    expect((await h.a.request("DELETE", `/api/v1/members/${owner.id}`)).status).toBe(409);
  });
});
