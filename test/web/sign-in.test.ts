import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { properties, sessions } from "../../src/db/schema";
import { testDeps } from "../support/test-deps";
import { seeder } from "./seed";
import { webClient } from "./web-client";

async function setup(env: Record<string, string> = {}) {
  const deps = testDeps({ env });
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

  it("locks an email out after five failures from one address for fifteen minutes", async () => {
    const { app, deps } = await setup();
    const client = webClient(app);
    for (let i = 0; i < 5; i++) expect((await client.signIn("host@example.com", `guess-${i}`)).status).toBe(401);
    const blocked = await client.signIn("host@example.com", "correct horse battery");
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get("retry-after")).toBe("900");
    expect(client.jar.has("staykey_session")).toBe(false);
    deps.clock.advance(15 * 60 * 1000 + 1000);
    expect((await client.signIn("host@example.com", "correct horse battery")).status).toBe(303);
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
