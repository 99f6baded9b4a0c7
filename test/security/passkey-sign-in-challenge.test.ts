import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { LOGIN_CSRF_COOKIE } from "../../src/web/cookies";
import { PASSKEY_CHALLENGE_TTL_MS } from "../../src/services/security/passkeys";
import { testServiceDeps } from "../support/service-deps";
import { softwarePasskey } from "../support/software-passkey";
import { seeder } from "../web/seed";
import { webClient } from "../web/web-client";

// app.request's URLs are http://localhost/…, so that is the relying party the pages hand out.
const ORIGIN = "http://localhost";

async function setup() {
  const deps = testServiceDeps();
  const app = createApp(deps);
  const { userId } = await seeder(deps).account("host@example.com", "correct horse battery");
  return { deps, app, key: softwarePasskey(deps, userId) };
}

/** Every row in every table: what an anonymous visitor could make the database hold. */
function totalRows(deps: ReturnType<typeof testServiceDeps>): number {
  const sqlite = deps.db.$client;
  const tables = sqlite.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'").all() as { name: string }[];
  return tables.reduce((n, t) => n + (sqlite.prepare(`select count(*) as n from "${t.name}"`).get() as { n: number }).n, 0);
}

/** The passwordless form on the sign-in page: its form token and its challenge token. */
async function passkeyForm(client: ReturnType<typeof webClient>) {
  const page = await client.get("/login");
  const form = /<form[^>]*action="\/login\/passkey"[\s\S]*?<\/form>/.exec(page.html)![0];
  const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(form)![1]!;
  return { _csrf: field("_csrf"), challengeId: field("challengeId") };
}
const challengeOf = (token: string) => token.split(".")[0]!;

describe("passwordless sign-in challenge", () => {
  it("writes nothing to the database for a thousand anonymous views of the sign-in page", async () => {
    const { deps, app } = await setup();
    const before = totalRows(deps);
    for (let i = 0; i < 1000; i++) expect((await webClient(app).get("/login")).status).toBe(200);
    expect(totalRows(deps)).toBe(before);
  }, 60_000);

  it("signs in once with a passkey's answer; the same answer sent again is refused, counter or not", async () => {
    const { app, key } = await setup();
    const client = webClient(app);
    const form = await passkeyForm(client);
    const body = { ...form, credential: key.answer(challengeOf(form.challengeId), ORIGIN) };
    const first = await client.post("/login/passkey", body);
    expect(first.status).toBe(303);
    expect(first.location).toBe("/dashboard");
    // Same browser cookie, same form token, same signed answer: only the record of used challenges refuses it.
    const replay = await client.post("/login/passkey", body);
    expect(replay.status).toBe(401);
  });

  it("refuses a challenge presented from a browser other than the one it was given to", async () => {
    const { app, key } = await setup();
    const given = await passkeyForm(webClient(app));
    const other = webClient(app);
    const own = await passkeyForm(other);
    const res = await other.post("/login/passkey", { _csrf: own._csrf, challengeId: given.challengeId, credential: key.answer(challengeOf(given.challengeId), ORIGIN) });
    expect(res.status).toBe(401);
  });

  it("refuses a challenge once its five minutes are over, and a tampered expiry", async () => {
    const { deps, app, key } = await setup();
    const client = webClient(app);
    const form = await passkeyForm(client);
    const [challenge, expires, mac] = form.challengeId.split(".");
    const later = `${challenge}.${Number(expires) + 3_600_000}.${mac}`;
    const formCookie = client.jar.get(LOGIN_CSRF_COOKIE)!;
    deps.clock.advance(PASSKEY_CHALLENGE_TTL_MS + 1000);
    for (const challengeId of [form.challengeId, later]) {
      // The refusal renders a fresh form (and cookie); the browser that got the challenge posts with the old one.
      client.jar.set(LOGIN_CSRF_COOKIE, formCookie);
      const res = await client.post("/login/passkey", { _csrf: form._csrf, challengeId, credential: key.answer(challenge!, ORIGIN) });
      expect(res.status).toBe(401);
    }
    const fresh = await passkeyForm(client);
    const res = await client.post("/login/passkey", { ...fresh, credential: key.answer(challengeOf(fresh.challengeId), ORIGIN) });
    expect(res.location).toBe("/dashboard");
  });
});
