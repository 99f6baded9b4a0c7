import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { messages } from "../../src/db/schema";
import { testServiceDeps } from "../support/service-deps";
import { testWorld } from "../support/world";
import { webClient } from "../web/web-client";

const PASSWORD = "correct horse battery";

async function setup() {
  const deps = testServiceDeps({ env: { STAYKEY_PUBLIC_URL: "https://keys.example.com" } });
  const app = createApp(deps);
  await testWorld(deps).account({ email: "host@example.com", password: PASSWORD });
  return { deps, app };
}

async function ask(app: Awaited<ReturnType<typeof setup>>["app"], email: string) {
  const browser = webClient(app);
  const csrf = await browser.csrfFrom("/login/forgot");
  return browser.post("/login/forgot", { _csrf: csrf, email });
}

const resetMails = (deps: Awaited<ReturnType<typeof setup>>["deps"]) => deps.db.select().from(messages).where(eq(messages.purpose, "password_reset")).all();
const linkIn = (deps: Awaited<ReturnType<typeof setup>>["deps"], row: { id: string; bodyEnc: string }) => /https:\/\/keys\.example\.com(\/reset\/\S+)/.exec(deps.box.decrypt(row.bodyEnc, `message:${row.id}`))![1]!;

describe("password reset", () => {
  it("emails a single-use link on the public URL that sets a new password and ends every session", async () => {
    const { deps, app } = await setup();
    const signedIn = webClient(app);
    await signedIn.signIn("host@example.com", PASSWORD);
    const res = await ask(app, "Host@Example.com");
    expect(res.html).toContain("If that email has a staykey sign-in");
    const [mail] = resetMails(deps);
    expect(mail!.provider).toBe("outbox");
    const path = linkIn(deps, mail!);
    const browser = webClient(app);
    const csrf = await browser.csrfFrom(path);
    const weak = await browser.post(path, { _csrf: csrf, password: "short" });
    expect(weak.status).toBe(400);
    const again = /name="_csrf" value="([^"]+)"/.exec(weak.html)![1]!;
    const done = await browser.post(path, { _csrf: again, password: "my new long password" });
    expect(done.status).toBe(303);
    expect((await signedIn.get("/dashboard")).status).toBe(303);
    expect((await webClient(app).signIn("host@example.com", "my new long password")).location).toBe("/dashboard");
    expect((await webClient(app).signIn("host@example.com", PASSWORD)).status).toBe(401);
    // Once only.
    expect((await webClient(app).get(path)).status).toBe(404);
  });

  it("answers an unknown email exactly like a known one and sends nothing", async () => {
    const { deps, app } = await setup();
    const res = await ask(app, "nobody@example.com");
    expect(res.status).toBe(200);
    expect(res.html).toContain("If that email has a staykey sign-in");
    expect(resetMails(deps)).toHaveLength(0);
  });

  it("stops working after an hour", async () => {
    const { deps, app } = await setup();
    await ask(app, "host@example.com");
    const path = linkIn(deps, resetMails(deps)[0]!);
    deps.clock.advance(60 * 60 * 1000 + 1);
    expect((await webClient(app).get(path)).status).toBe(404);
  });
});
