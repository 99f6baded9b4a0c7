import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { properties, sessions, signInThrottle } from "../../src/db/schema";
import { testServiceDeps } from "../support/service-deps";
import { seeder } from "./seed";
import { webClient } from "./web-client";

async function setup(env: Record<string, string> = {}) {
  const deps = testServiceDeps({ env });
  const app = createApp(deps);
  const seed = seeder(deps);
  const owner = await seed.account("host@example.com", "correct horse battery");
  return { deps, app, seed, owner };
}

describe("dashboard sign-in", () => {
  it("signs a host in with an httpOnly, SameSite=Lax session cookie and lands on the dashboard", async () => {
    const { app } = await setup();
    const client = webClient(app);
    const res = await client.signIn("Host@Example.com", "correct horse battery");
    expect(res.status).toBe(303);
    expect(res.location).toBe("/dashboard");
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("staykey_session="))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i);
    // Relative lifetime: a browser on another date than the server's clock (a test's injected one) keeps it.
    expect(cookie).toMatch(/Max-Age=43200/i);
    expect(cookie).not.toMatch(/Expires=/i);
    const page = await client.get("/dashboard");
    expect(page.status).toBe(200);
    expect(page.html).toContain("host@example.com");
    expect(page.headers.get("cache-control")).toBe("no-store");
  });

  it("marks the cookie Secure when the public URL is https", async () => {
    const { app } = await setup({ STAYKEY_PUBLIC_URL: "https://keys.example.com" });
    const res = await webClient(app).signIn("host@example.com", "correct horse battery");
    expect(res.headers.getSetCookie().find((c) => c.startsWith("staykey_session="))).toMatch(/Secure/);
  });

  it("refuses a wrong password without starting a session", async () => {
    const { app, deps } = await setup();
    const client = webClient(app);
    const res = await client.signIn("host@example.com", "wrong");
    expect(res.status).toBe(401);
    expect(res.html).toContain("do not match");
    expect(client.jar.has("staykey_session")).toBe(false);
    expect(deps.db.select().from(sessions).all()).toHaveLength(0);
    expect((await client.get("/dashboard")).location).toBe("/login?next=%2Fdashboard");
  });

  it("slows an email down after five failures instead of locking it: each further attempt waits 2 s, then 4 s, doubling", async () => {
    const { app, deps } = await setup();
    const client = webClient(app);
    for (let i = 0; i < 5; i++) expect((await client.signIn("host@example.com", `guess-${i}`)).status).toBe(401);
    const blocked = await client.signIn("host@example.com", "correct horse battery");
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get("retry-after")).toBe("2");
    expect(blocked.html).toContain("Try again in 2 seconds.");
    expect(client.jar.has("staykey_session")).toBe(false);
    deps.clock.advance(2000);
    expect((await client.signIn("host@example.com", "guess-5")).status).toBe(401);
    expect((await client.signIn("host@example.com", "correct horse battery")).headers.get("retry-after")).toBe("4");
    deps.clock.advance(4000);
    expect((await client.signIn("host@example.com", "correct horse battery")).status).toBe(303);
    // A sign-in clears the email's failures: the next mistakes start from five free ones again.
    const next = webClient(app);
    for (let i = 0; i < 5; i++) expect((await next.signIn("host@example.com", `again-${i}`)).status).toBe(401);
  });

  it("never makes the owner wait more than fifteen minutes, however many failures there were", async () => {
    const { app, deps } = await setup();
    const client = webClient(app);
    const waits: number[] = [];
    const waitOut = async (res: { status: number; headers: Headers }) => {
      if (res.status !== 429) return false;
      waits.push(Number(res.headers.get("retry-after")));
      deps.clock.advance(waits.at(-1)! * 1000);
      return true;
    };
    for (let i = 0; i < 16; i++) {
      let res = await client.signIn("host@example.com", `guess-${i}`);
      if (await waitOut(res)) res = await client.signIn("host@example.com", `guess-${i}`);
      expect(res.status).toBe(401);
    }
    expect(waits).toEqual([2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900]);
    expect(await waitOut(await client.signIn("host@example.com", "correct horse battery"))).toBe(true);
    expect(waits.at(-1)).toBe(900);
    expect((await client.signIn("host@example.com", "correct horse battery")).status).toBe(303);
  });

  it("counts an email's failures from every address, but keeps the owner out for seconds, not minutes", async () => {
    const { app, deps } = await setup();
    const attacker = webClient(app, { ip: "203.0.113.9" });
    for (let i = 0; i < 5; i++) expect((await attacker.signIn("host@example.com", `guess-${i}`)).status).toBe(401);
    const owner = webClient(app, { ip: "198.51.100.20" });
    const waited = await owner.signIn("host@example.com", "correct horse battery");
    expect([waited.status, waited.headers.get("retry-after")]).toEqual([429, "2"]);
    deps.clock.advance(2000);
    expect((await owner.signIn("host@example.com", "correct horse battery")).location).toBe("/dashboard");
  });

  it("limits one address to twenty failures in fifteen minutes across every email it tries", async () => {
    const { app, deps } = await setup();
    // An IPv6 client is counted by its /64: hopping addresses inside it changes nothing.
    const from = (n: number) => webClient(app, { ip: `2001:db8:7:1::${n.toString(16)}` });
    for (let i = 0; i < 20; i++) expect((await from(i).signIn(`user${i}@example.com`, "spray-password")).status).toBe(401);
    deps.clock.advance(60_000);
    const refused = await from(99).signIn("host@example.com", "correct horse battery");
    expect([refused.status, refused.headers.get("retry-after")]).toEqual([429, "840"]);
    expect(refused.html).toContain("Try again in 14 minutes.");
    // The owner elsewhere is not affected.
    expect((await webClient(app, { ip: "2001:db8:7:2::1" }).signIn("host@example.com", "correct horse battery")).status).toBe(303);
    deps.clock.advance(840_000);
    expect((await from(7).signIn("host@example.com", "correct horse battery")).status).toBe(303);
  });

  it("behind a trusted reverse proxy counts each client by the address the proxy saw, not the proxy's", async () => {
    const { app } = await setup({ STAYKEY_TRUSTED_PROXIES: "127.0.0.1" });
    const viaProxy = (client: string, forged = "") => webClient(app, { ip: "127.0.0.1", headers: { "x-forwarded-for": `${forged}${client}` } });
    // The sprayer forges a leading X-Forwarded-For entry; only the hop the proxy appended counts.
    for (let i = 0; i < 20; i++) expect((await viaProxy("203.0.113.9", `198.51.100.${i}, `).signIn(`user${i}@example.com`, "spray-password")).status).toBe(401);
    expect((await viaProxy("203.0.113.9").signIn("host@example.com", "correct horse battery")).status).toBe(429);
    expect((await viaProxy("198.51.100.20").signIn("host@example.com", "correct horse battery")).location).toBe("/dashboard");
  });

  it("believes no X-Forwarded-For without STAYKEY_TRUSTED_PROXIES: the socket's peer is the client", async () => {
    const { app } = await setup();
    const rotating = (i: number) => webClient(app, { ip: "203.0.113.9", headers: { "x-forwarded-for": `198.51.100.${i}` } });
    for (let i = 0; i < 20; i++) expect((await rotating(i).signIn(`user${i}@example.com`, "spray-password")).status).toBe(401);
    expect((await rotating(99).signIn("host@example.com", "correct horse battery")).status).toBe(429);
  });

  it("lets only five of a burst of parallel guesses through to the password check", async () => {
    const { app } = await setup();
    const statuses = await Promise.all(Array.from({ length: 10 }, (_, i) => webClient(app).signIn("host@example.com", `burst-${i}`).then((r) => r.status)));
    expect(statuses.sort()).toEqual([401, 401, 401, 401, 401, 429, 429, 429, 429, 429]);
  });

  it("remembers failures across a restart, without storing the emails or addresses tried", async () => {
    const { app, deps } = await setup();
    for (let i = 0; i < 5; i++) expect((await webClient(app, { ip: "203.0.113.9" }).signIn("host@example.com", `guess-${i}`)).status).toBe(401);
    const restarted = createApp(deps);
    expect((await webClient(restarted, { ip: "203.0.113.9" }).signIn("host@example.com", "correct horse battery")).status).toBe(429);
    const stored = JSON.stringify(deps.db.select().from(signInThrottle).all());
    expect(stored).not.toContain("host@example.com");
    expect(stored).not.toContain("203.0.113.9");
  });

  it("forgets an email's failures a day after the last one, and deletes what it forgot", async () => {
    const { app, deps } = await setup();
    for (let i = 0; i < 6; i++) await webClient(app, { ip: "203.0.113.9" }).signIn("host@example.com", `guess-${i}`);
    expect(deps.db.select().from(signInThrottle).all()).toHaveLength(2);
    deps.clock.advance(24 * 60 * 60 * 1000);
    const client = webClient(app, { ip: "198.51.100.20" });
    for (let i = 0; i < 5; i++) expect((await client.signIn("host@example.com", `fresh-${i}`)).status).toBe(401);
    // Only the new address's row and the email's fresh count are left.
    expect(deps.db.select({ failures: signInThrottle.failures }).from(signInThrottle).all().map((r) => r.failures).sort()).toEqual([5, 5]);
  });

  it("rejects a sign-in form posted without the token from the sign-in page", async () => {
    const { app } = await setup();
    const res = await webClient(app).post("/login", { email: "host@example.com", password: "correct horse battery", _csrf: "forged" });
    expect(res.status).toBe(403);
  });

  it("rejects a dashboard form whose CSRF token is not the session's", async () => {
    const { app, deps } = await setup();
    const client = webClient(app);
    await client.signIn("host@example.com", "correct horse battery");
    const res = await client.post("/dashboard/properties", { _csrf: "csrf_forged", name: "Sneaky", timezone: "Europe/Paris" });
    expect(res.status).toBe(403);
    const missing = await client.post("/dashboard/properties", { name: "Sneaky", timezone: "Europe/Paris" });
    expect(missing.status).toBe(403);
    expect(deps.db.select().from(properties).where(eq(properties.name, "Sneaky")).all()).toHaveLength(0);
  });

  it("ends the session after twelve hours", async () => {
    const { app, deps } = await setup();
    const client = webClient(app);
    await client.signIn("host@example.com", "correct horse battery");
    deps.clock.advance(11 * 60 * 60 * 1000);
    expect((await client.get("/dashboard")).status).toBe(200);
    deps.clock.advance(60 * 60 * 1000 + 1);
    const res = await client.get("/dashboard/alerts");
    expect(res.status).toBe(303);
    expect(res.location).toBe("/login?next=%2Fdashboard%2Falerts");
  });

  it("signs out: the old cookie no longer opens the dashboard", async () => {
    const { app } = await setup();
    const client = webClient(app);
    await client.signIn("host@example.com", "correct horse battery");
    const stolen = client.jar.get("staykey_session")!;
    const csrf = await client.csrfFrom("/dashboard");
    expect((await client.post("/logout", { _csrf: csrf })).location).toBe("/login");
    const replay = await app.request("/dashboard", { headers: { cookie: `staykey_session=${stolen}` } });
    expect(replay.status).toBe(303);
    expect(replay.headers.get("location")).toMatch(/^\/login/);
  });

  it("never redirects off-site after sign-in", async () => {
    const { app } = await setup();
    const client = webClient(app);
    const csrf = await client.csrfFrom("/login?next=//evil.example/x");
    const res = await client.post("/login", { _csrf: csrf, email: "host@example.com", password: "correct horse battery", next: "//evil.example/x" });
    expect(res.location).toBe("/dashboard");
  });
});
