import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { createApiKey } from "../../src/services/accounts/api-keys";
import { createAccount } from "../../src/services/accounts/create-account";
import { createLogger } from "../../src/lib/logger";
import { testServiceDeps } from "../support/service-deps";

const TOKEN = "tok9Zq81SecretCalendarToken";
const URL_WITH_TOKEN = `https://www.airbnb.com/calendar/ical/991.ics?s=${TOKEN}`;

/** An app whose logs land in memory. Its syncs fail (tests resolve no names), so the error path logs too. */
async function loggedApp() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const deps = testServiceDeps();
  deps.logger = createLogger("trace", sink);
  const app = createApp(deps);
  const { accountId } = await createAccount(deps, { name: "host", ownerEmail: "host@example.com" });
  const { key } = createApiKey(deps.db, deps.clock, { accountId, name: "test" });
  const bodies: string[] = [];
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await app.request(path, {
      method,
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await res.text();
    bodies.push(text);
    return { status: res.status, text, json: () => JSON.parse(text) };
  };
  return { deps, call, bodies, lines };
}

describe("a feed URL is a secret", () => {
  it("never appears in any response body or log line, whatever the request does", async () => {
    const { deps, call, bodies, lines } = await loggedApp();
    const property = (await call("POST", "/api/v1/properties", { name: "Loft", timezone: "Europe/Paris" })).json();
    const created = await call("POST", "/api/v1/feeds", { propertyId: property.id, url: URL_WITH_TOKEN, name: "Airbnb" });
    expect(created.status).toBe(201);
    const feed = created.json();
    expect(feed.urlRedacted).toBe("https://www.airbnb.com/calendar/ical/…");

    expect((await call("POST", "/api/v1/feeds", { propertyId: property.id, url: URL_WITH_TOKEN })).status).toBe(409);
    expect((await call("POST", "/api/v1/feeds", { propertyId: property.id, url: `ftp://x/${TOKEN}` })).status).toBe(400);
    expect((await call("POST", "/api/v1/feeds", { propertyId: "prop_missing", url: URL_WITH_TOKEN })).status).toBe(404);
    expect((await call("POST", "/api/v1/feeds", `{"propertyId":"${property.id}","url":"${URL_WITH_TOKEN}"`)).status).toBe(400);
    expect((await call("POST", "/api/v1/feeds", { propertyId: property.id, url: URL_WITH_TOKEN, extra: TOKEN })).status).toBe(400);
    await call("GET", "/api/v1/feeds");
    await call("GET", `/api/v1/feeds/${feed.id}`);
    await call("PATCH", `/api/v1/feeds/${feed.id}`, { syncIntervalMinutes: 30 });
    await call("PATCH", `/api/v1/feeds/${feed.id}`, { url: URL_WITH_TOKEN });
    await call("POST", `/api/v1/feeds/${feed.id}/sync`);
    await call("GET", "/api/v1/openapi.json");
    // A sync error that quoted the URL is scrubbed on the way out.
    deps.db.$client.prepare("update feeds set last_error = ? where id = ?").run(`HTTP 500 from ${URL_WITH_TOKEN}`, feed.id);
    const withError = (await call("GET", `/api/v1/feeds/${feed.id}`)).json();
    expect(withError.lastError).toBe("HTTP 500 from https://www.airbnb.com/calendar/ical/…");
    await call("DELETE", `/api/v1/feeds/${feed.id}`);

    expect(bodies.length).toBeGreaterThan(10);
    for (const body of bodies) expect(body).not.toContain(TOKEN);
    expect(lines.some((l) => l.includes('"request"'))).toBe(true);
    expect(lines.some((l) => l.includes("feed sync failed"))).toBe(true);
    for (const line of lines) expect(line).not.toContain(TOKEN);
  });

  it("is stored only encrypted, bound to its feed", async () => {
    const { deps, call } = await loggedApp();
    const property = (await call("POST", "/api/v1/properties", { name: "Loft", timezone: "Europe/Paris" })).json();
    const feed = (await call("POST", "/api/v1/feeds", { propertyId: property.id, url: URL_WITH_TOKEN })).json();
    const row = deps.db.$client.prepare("select * from feeds where id = ?").get(feed.id) as Record<string, string>;
    expect(JSON.stringify(row)).not.toContain(TOKEN);
    expect(deps.box.decrypt(row.url_enc!, `feed:${feed.id}`)).toBe(URL_WITH_TOKEN);
    expect(row.url_hash).toBe(deps.box.hash(URL_WITH_TOKEN));
  });
});
