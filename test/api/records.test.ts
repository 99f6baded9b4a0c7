import { describe, expect, it } from "vitest";
import { resolveAlert } from "../../src/services/alerts/alert-store";
import { BODY_WITHHELD } from "../../src/services/delivery/message-body";
import { apiHarness } from "../support/api-client";
import { testWorld } from "../support/world";
import { GUEST_PHONE, MESSAGE_BODY, PIN, seedAccount } from "./seed";

async function seeded() {
  const h = await apiHarness();
  return { ...h, s: await seedAccount(h.deps, h.a) };
}

describe("access codes API", () => {
  it("lists codes without their PINs or PIN hashes", async () => {
    const { a, s } = await seeded();
    const list = await a.request("GET", `/api/v1/access-codes?stayId=${s.stay.id}&state=active`);
    expect(list.body.data).toHaveLength(1);
    expect(list.body.data[0]).toMatchObject({ id: s.codeId, lockId: s.lock.id, state: "active", pinLength: 6 });
    const text = JSON.stringify(list.body);
    expect(text).not.toContain(PIN);
    expect(text).not.toMatch(/pinEnc|pinHash|"pin"/);
    expect((await a.request("GET", "/api/v1/access-codes?state=revoked")).body.data).toEqual([]);
    expect((await a.request("GET", "/api/v1/access-codes?state=bogus")).status).toBe(400);
  });

  it("shows the PIN on the single read, uncached, and records who looked", async () => {
    const { a, s } = await seeded();
    const res = await a.request("GET", `/api/v1/access-codes/${s.codeId}`);
    expect(res.body).toMatchObject({ id: s.codeId, pin: PIN });
    expect(res.headers.get("cache-control")).toBe("no-store");
    const events = await a.request("GET", `/api/v1/audit-events?subjectType=access_code&subjectId=${s.codeId}&action=access_code.pin_viewed`);
    expect(events.body.data).toHaveLength(1);
    expect(events.body.data[0].actor).toMatch(/^api_key:key_/);
    expect(JSON.stringify(events.body)).not.toContain(PIN);
  });
});

describe("messages API", () => {
  it("lists messages with masked recipients and no bodies", async () => {
    const { a, s } = await seeded();
    const list = await a.request("GET", `/api/v1/messages?stayId=${s.stay.id}&channel=sms`);
    expect(list.body.data).toEqual([expect.objectContaining({ id: s.messageId, recipient: "+1•••••0123", status: "sent" })]);
    const text = JSON.stringify(list.body);
    expect(text).not.toContain(GUEST_PHONE);
    expect(text).not.toContain(PIN);
    expect(text).not.toContain("bodyEnc");
    expect(text).not.toContain("recipientEnc");
  });

  it("shows one message with its full recipient; a body stored before masking is withheld until revealed", async () => {
    const { a, s } = await seeded();
    const res = await a.request("GET", `/api/v1/messages/${s.messageId}`);
    expect(res.body).toMatchObject({ body: BODY_WITHHELD, pinRevealed: false, recipient: GUEST_PHONE, channel: "sms" });
    expect(Object.keys(res.body).filter((k) => /Enc$|^legacy/.test(k))).toEqual([]);
    expect(JSON.stringify(res.body)).not.toContain(PIN);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const revealed = await a.request("GET", `/api/v1/messages/${s.messageId}?reveal=pin`);
    expect(revealed.body).toMatchObject({ body: MESSAGE_BODY, pinRevealed: true });
    expect(revealed.headers.get("cache-control")).toBe("no-store");
  });

  it("refuses a reveal of anything but the PIN, a misspelt reveal, and another account's message", async () => {
    const { a, b, s } = await seeded();
    expect((await a.request("GET", `/api/v1/messages/${s.messageId}?reveal=all`)).status).toBe(400);
    expect((await a.request("GET", `/api/v1/messages/${s.messageId}?revael=pin`)).body.errors).toEqual([{ path: "revael", message: "is not a query parameter of this endpoint" }]);
    expect((await b.request("GET", `/api/v1/messages/${s.messageId}?reveal=pin`)).status).toBe(404);
  });
});

describe("alerts API", () => {
  it("lists by status, acknowledges once and keeps the first acknowledgement", async () => {
    const { deps, a, s } = await seeded();
    expect((await a.request("GET", "/api/v1/alerts?status=open")).body.data.map((x: any) => x.id)).toEqual([s.alertId]);
    expect((await a.request("GET", "/api/v1/alerts?status=resolved")).body.data).toEqual([]);
    const ack = await a.request("POST", `/api/v1/alerts/${s.alertId}/acknowledge`);
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ status: "open", acknowledgedAt: deps.clock.now().toISOString() });
    expect(ack.body.acknowledgedBy).toMatch(/^api_key:/);
    deps.clock.advance(3_600_000);
    const again = await a.request("POST", `/api/v1/alerts/${s.alertId}/acknowledge`);
    expect(again.body.acknowledgedAt).toBe(ack.body.acknowledgedAt);
    expect((await a.request("GET", `/api/v1/alerts/${s.alertId}`)).body).not.toHaveProperty("dedupeKey");
  });

  it("records no acknowledgement on an alert that is already resolved, as the dashboard does", async () => {
    const { deps, a, s } = await seeded();
    resolveAlert(deps.db, deps.clock, a.accountId, `battery_low:${s.lock.id}`);
    const ack = await a.request("POST", `/api/v1/alerts/${s.alertId}/acknowledge`);
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ id: s.alertId, status: "resolved", acknowledgedAt: null, acknowledgedBy: null });
  });
});

describe("audit events API", () => {
  it("filters by subject and pages through the log", async () => {
    const { deps, a, s } = await seeded();
    for (let i = 0; i < 4; i++) {
      testWorld(deps).audit(a.accountId, { actor: "worker", action: "lock.health", subjectType: "lock", subjectId: s.lock.id });
    }
    const first = await a.request("GET", `/api/v1/audit-events?subjectType=lock&subjectId=${s.lock.id}&limit=3`);
    expect(first.body.data).toHaveLength(3);
    const rest = await a.request("GET", `/api/v1/audit-events?subjectType=lock&subjectId=${s.lock.id}&limit=3&cursor=${first.body.nextCursor}`);
    expect(rest.body).toMatchObject({ nextCursor: null });
    expect(rest.body.data).toHaveLength(1);
    const all = (await a.request("GET", "/api/v1/audit-events")).body.data;
    // The feed's row is its first sync, which creating it ran; the key's is the harness making the caller's key.
    expect(all.map((e: any) => e.subjectType).sort()).toEqual(["access_code", "api_key", "feed", "lock", "lock", "lock", "lock"]);
  });
});
