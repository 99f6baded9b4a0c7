import { eq } from "drizzle-orm";
import { generate } from "otplib";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { messages } from "../../src/db/schema";
import { openRecipient } from "../../src/services/contact-details/contact-details";
import { testServiceDeps } from "../support/service-deps";
import { testWorld } from "../support/world";
import { webClient } from "../web/web-client";

const PASSWORD = "correct horse battery";

async function setup() {
  const deps = testServiceDeps();
  const app = createApp(deps);
  const world = testWorld(deps);
  const owner = await world.account({ email: "host@example.com", password: PASSWORD });
  return { deps, app, world, owner };
}

type Setup = Awaited<ReturnType<typeof setup>>;
const codeAt = (h: Setup, secret: string) => generate({ secret, epoch: Math.floor(h.deps.clock.now().getTime() / 1000) });

/** Signs in, sets up TOTP from the page's key with a generated code, and returns the key and the recovery codes. */
async function enrol(h: Setup) {
  const browser = webClient(h.app, { headers: { "user-agent": "Enrolling browser" } });
  await browser.signIn("host@example.com", PASSWORD);
  const csrf = await browser.csrfFrom("/account/security");
  const started = await browser.post("/account/security/totp/start", { _csrf: csrf });
  expect(started.html).toContain("<svg");
  const secret = /data-testid="totp-secret">([A-Z2-7]+)</.exec(started.html)![1]!;
  const confirmed = await browser.post("/account/security/totp/confirm", { _csrf: csrf, code: await codeAt(h, secret) });
  expect(confirmed.status).toBe(200);
  const codes = [...confirmed.html.matchAll(/<li><code>([a-z0-9-]+)<\/code><\/li>/g)].map((m) => m[1]!);
  expect(codes).toHaveLength(10);
  return { secret, codes, browser };
}

async function secondStep(h: Setup, code: string, userAgent = "Enrolling browser") {
  const browser = webClient(h.app, { headers: { "user-agent": userAgent } });
  const first = await browser.signIn("host@example.com", PASSWORD);
  expect(first.location).toBe("/login/second-factor");
  const csrf = await browser.csrfFrom("/login/second-factor");
  const res = await browser.post("/login/second-factor", { _csrf: csrf, code });
  return { browser, res };
}

describe("TOTP two-factor sign-in", () => {
  it("asks for a code after the password, accepts a generated one, and refuses it replayed", async () => {
    const h = await setup();
    const { secret } = await enrol(h);
    // A pending sign-in opens nothing.
    const pending = webClient(h.app);
    await pending.signIn("host@example.com", PASSWORD);
    expect((await pending.get("/dashboard")).status).toBe(303);
    h.deps.clock.advance(30_000);
    const code = await codeAt(h, secret);
    const ok = await secondStep(h, code);
    expect(ok.res.status).toBe(303);
    expect(ok.res.location).toBe("/dashboard");
    expect((await ok.browser.get("/dashboard")).status).toBe(200);

    const replay = await secondStep(h, code);
    expect(replay.res.status).toBe(401);
    expect((await replay.browser.get("/dashboard")).status).toBe(303);
    const failed = h.deps.db.$client.prepare("select count(*) from audit_events where action = 'auth.sign_in' and outcome = 'error'").pluck().get();
    expect(failed).toBe(1);
  });

  it("takes a recovery code once", async () => {
    const h = await setup();
    const { codes } = await enrol(h);
    expect((await secondStep(h, codes[3]!)).res.status).toBe(303);
    expect((await secondStep(h, codes[3]!)).res.status).toBe(401);
    expect((await secondStep(h, codes[4]!.toUpperCase())).res.status).toBe(303);
  });

  it("makes every member set up a second factor once the owner requires it", async () => {
    const h = await setup();
    const browser = webClient(h.app);
    await browser.signIn("host@example.com", PASSWORD);
    const csrf = await browser.csrfFrom("/dashboard/team");
    await browser.post("/dashboard/team/two-factor", { _csrf: csrf, required: "true" });
    const page = await browser.get("/dashboard");
    expect(page.status).toBe(303);
    expect(page.location).toBe("/account/security");
    expect((await browser.get("/account/security")).status).toBe(200);
    expect(h.deps.db.$client.prepare("select count(*) from audit_events where action = 'account.two_factor.require'").pluck().get()).toBe(1);
  });
});

describe("sessions", () => {
  it("lists the member's sessions with their device, and signs one out on its next request", async () => {
    const h = await setup();
    const laptop = webClient(h.app, { headers: { "user-agent": "Laptop Firefox" } });
    const phone = webClient(h.app, { headers: { "user-agent": "Phone Safari" } });
    await laptop.signIn("host@example.com", PASSWORD);
    await phone.signIn("host@example.com", PASSWORD);
    const page = await laptop.get("/account/security");
    expect(page.html).toContain("Laptop Firefox (this device)");
    expect(page.html).toContain("Phone Safari");
    const phoneSession = /action="\/account\/security\/sessions\/([^/]+)\/revoke"/.exec(page.html)![1]!;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.html)![1]!;
    expect((await laptop.post(`/account/security/sessions/${phoneSession}/revoke`, { _csrf: csrf })).status).toBe(303);
    expect((await phone.get("/dashboard")).status).toBe(303);
    expect((await laptop.get("/dashboard")).status).toBe(200);
  });

  it("emails the member when they sign in from a new device, not from one they used before", async () => {
    const h = await setup();
    const laptop = webClient(h.app, { headers: { "user-agent": "Laptop Firefox" } });
    await laptop.signIn("host@example.com", PASSWORD);
    laptop.jar.delete("staykey_session");
    expect((await laptop.signIn("host@example.com", PASSWORD)).location).toBe("/dashboard");
    const notices = () => h.deps.db.select().from(messages).where(eq(messages.purpose, "sign_in_notice")).all();
    expect(notices()).toHaveLength(0);
    await webClient(h.app, { headers: { "user-agent": "Unknown Chrome" } }).signIn("host@example.com", PASSWORD);
    expect(notices()).toHaveLength(1);
    expect(openRecipient(h.deps.box, notices()[0]!)).toBe("host@example.com");
  });

  it("changes the password, signing out every other session", async () => {
    const h = await setup();
    const a = webClient(h.app);
    const b = webClient(h.app);
    await a.signIn("host@example.com", PASSWORD);
    await b.signIn("host@example.com", PASSWORD);
    const csrf = await a.csrfFrom("/account/security");
    const wrong = await a.post("/account/security/password", { _csrf: csrf, currentPassword: "nope", newPassword: "a brand new password" });
    expect(wrong.status).toBe(400);
    const ok = await a.post("/account/security/password", { _csrf: csrf, currentPassword: PASSWORD, newPassword: "a brand new password" });
    expect(ok.status).toBe(303);
    expect((await a.get("/dashboard")).status).toBe(200);
    expect((await b.get("/dashboard")).status).toBe(303);
    expect((await webClient(h.app).signIn("host@example.com", "a brand new password")).location).toBe("/dashboard");
  });
});
