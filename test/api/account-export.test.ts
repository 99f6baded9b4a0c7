import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createApiKey } from "../../src/services/accounts/api-keys";
import { apiHarness } from "../support/api-client";
import { testWorld } from "../support/world";
import { cliIn } from "../cli/run-cli";

describe("GET /api/v1/export", () => {
  it("exports every record of the account, with guests' contacts opened and no PIN, URL, credential or body, and nothing of another account", async () => {
    const { deps, app, a, b } = await apiHarness();
    const world = testWorld(deps);
    const property = world.property(a.accountId, { name: "Loft" });
    const lock = world.lock(property.id);
    const stay = world.stay(property.id, { guestName: "Ana", guestPhone: "+14155550123", reservationCode: "HMEXPORT01" });
    const code = world.code(lock.id, { stayId: stay.id, state: "active", pin: "482913" });
    world.feed(property.id, { url: "https://www.airbnb.com/calendar/ical/1.ics?s=feedsecret" });
    world.message(a.accountId, { body: "Your code is 482913", recipient: "+14155550123" });
    world.alert(a.accountId, { subjectId: lock.id });
    world.stay(world.property(b.accountId, { name: "Elsewhere" }).id, { reservationCode: "HMOTHER001" });

    const res = await app.request("/api/v1/export", { headers: { authorization: `Bearer ${a.key}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="staykey-export-\d{4}-\d{2}-\d{2}\.json"$/);
    const text = await res.text();
    const data = JSON.parse(text);
    expect(data).toMatchObject({ format: "staykey-account-export", version: 1, account: { id: a.accountId } });
    expect(data.properties.map((p: { name: string }) => p.name)).toEqual(["Loft"]);
    expect(data.stays).toEqual([expect.objectContaining({ id: stay.id, reservationCode: "HMEXPORT01", guestPhone: "+14155550123" })]);
    expect(data.accessCodes).toEqual([expect.objectContaining({ id: code.id, state: "active" })]);
    expect(data.feeds[0].urlRedacted).toBeDefined();
    expect(data.messages).toHaveLength(1);
    expect(data.alerts).toHaveLength(1);
    for (const secret of ["482913", "feedsecret", "HMOTHER001", "Elsewhere"]) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/"[a-zA-Z]*(Enc|Hash)":/);
  });

  it("is the owner's alone", async () => {
    const { deps, app, a } = await apiHarness();
    const readOnly = createApiKey(deps.db, deps.clock, { accountId: a.accountId, userId: null, name: "ro", role: "read_only" }).key;
    const res = await app.request("/api/v1/export", { headers: { authorization: `Bearer ${readOnly}` } });
    expect(res.status).toBe(403);
  });
});

describe("staykey export", () => {
  it("writes the account's export to a new 0600 file and never overwrites one", async () => {
    const dir = mkdtempSync(join(tmpdir(), "staykey-export-"));
    const run = cliIn(dir);
    expect((await run(["create-account", "--email", "owner@example.com"])).code).toBe(0);
    const file = join(dir, "export.json");
    const done = await run(["export", "--account", "owner@example.com", file, "--json"]);
    expect(done.code).toBe(0);
    expect(JSON.parse(done.out)).toMatchObject({ file, counts: { properties: 0, stays: 0 } });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, "utf8"))).toMatchObject({ format: "staykey-account-export" });
    const again = await run(["export", "--account", "owner@example.com", file]);
    expect(again.code).toBe(1);
    expect(again.err).toBe(`export refused: ${file} already exists; choose a new file name (an export never overwrites one)`);
    const nowhere = await run(["export", "--account", "owner@example.com", join(dir, "missing", "export.json")]);
    expect(nowhere.err).toBe(`export refused: the directory of ${join(dir, "missing", "export.json")} does not exist`);
    rmSync(dir, { recursive: true, force: true });
  });
});
