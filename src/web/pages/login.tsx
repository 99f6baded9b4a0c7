import type { Hono } from "hono";
import type { Context } from "hono";
import { constantTimeEqual } from "../../lib/crypto";
import { newToken } from "../../lib/tokens";
import type { LoginRateLimit } from "../../services/web/login-rate-limit";
import { endSession, findViewer } from "../../services/web/sessions";
import { passwordStep, findPendingSignIn, passkeySecondFactorStep, passkeySignIn, secondFactorStep, type BrowserContext, type SignedIn } from "../../services/security/sign-in-flow";
import { startPasskeyAssertion, startPasskeySignIn } from "../../services/security/passkeys";
import { PASSKEY_SCRIPT_PATH, PasskeyForm, relyingPartyOf } from "./passkey-script";
import { requireViewer } from "../auth";
import { requestClientAddress } from "../../routes/client-address";
import { clearSessionCookie, deviceToken, takeFlash, LOGIN_CSRF_COOKIE, readCookie, SESSION_COOKIE, setLoginCsrfCookie, setSessionCookie } from "../cookies";
import type { WebEnv } from "../env";
import type { ServiceDeps } from "../../services/deps";
import { Layout, type Flash } from "../layout";

/** Only a path on this site: `//evil.example` and absolute URLs would turn sign-in into an open redirect. */
const safeNext = (next: unknown) => (typeof next === "string" && /^\/(?![/\\])/.test(next) ? next : null);

/** "4 seconds", "15 minutes": the backoff starts at seconds, the address limit is minutes. */
function waitInWords(ms: number): string {
  const [n, unit] = ms < 60_000 ? [Math.ceil(ms / 1000), "second"] : [Math.ceil(ms / 60_000), "minute"];
  return `${n} ${unit}${n === 1 ? "" : "s"}`;
}

type Ceremony = { challengeId: string; options: unknown };

function LoginPage(props: { csrf: string; email?: string; next?: string | null; flash?: Flash | null; passkey: Ceremony }) {
  return (
    <Layout title="Sign in" flash={props.flash}>
      <h1>Sign in to staykey</h1>
      <form method="post" action="/login" class="card" style="max-width:26rem">
        <input type="hidden" name="_csrf" value={props.csrf} />
        {props.next ? <input type="hidden" name="next" value={props.next} /> : null}
        <label for="email">Email</label>
        <input id="email" name="email" type="email" autocomplete="username" required value={props.email ?? ""} />
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required />
        <button type="submit">Sign in</button>
      </form>
      <div style="max-width:26rem">
        <PasskeyForm action="/login/passkey" mode="get" options={props.passkey.options} challengeId={props.passkey.challengeId} csrf={props.csrf} next={props.next} label="Sign in with a passkey" />
      </div>
      <p><a href="/login/forgot">Forgot your password?</a></p>
      <script src={PASSKEY_SCRIPT_PATH} defer></script>
    </Layout>
  );
}

function SecondFactorPage(props: { csrf: string; next?: string | null; flash?: Flash | null; totp: boolean; passkey: Ceremony | null }) {
  return (
    <Layout title="Two-factor sign-in" flash={props.flash}>
      <h1>{props.totp ? "Enter your code" : "Use your passkey"}</h1>
      {props.passkey ? (
        <div class="card" style="max-width:26rem">
          <PasskeyForm action="/login/second-factor/passkey" mode="get" options={props.passkey.options} challengeId={props.passkey.challengeId} csrf={props.csrf} next={props.next} label="Use a passkey">
            <p>Confirm it is you with a passkey on this device or a security key.</p>
          </PasskeyForm>
          <script src={PASSKEY_SCRIPT_PATH} defer></script>
        </div>
      ) : null}
      {props.totp ? (
        <form method="post" action="/login/second-factor" class="card" style="max-width:26rem">
          <input type="hidden" name="_csrf" value={props.csrf} />
          {props.next ? <input type="hidden" name="next" value={props.next} /> : null}
          <label for="code">Code from your authenticator app, or a recovery code</label>
          <input id="code" name="code" autocomplete="one-time-code" inputmode="text" required />
          <button type="submit">Sign in</button>
        </form>
      ) : null}
    </Layout>
  );
}

/** Where a signed-in member lands: the page they asked for when it is theirs, else their home. */
function landing(session: SignedIn, next: string | null): string {
  const home = session.role === "cleaner" ? "/cleaner" : "/dashboard";
  return next && (session.role === "cleaner") === next.startsWith("/cleaner") ? next : home;
}

export function registerLogin(web: Hono<WebEnv>, deps: ServiceDeps, limiter: LoginRateLimit) {
  const { db, clock, config } = deps;
  const browserOf = (c: Context): BrowserContext => ({ device: c.req.header("user-agent") ?? null, deviceToken: deviceToken(c, config, () => newToken("dev", 32)) });

  const renderForm = async (c: Context, status: 200 | 401 | 403 | 429, props: { email?: string; next?: string | null; flash?: Flash | null }) => {
    const csrf = newToken("lcsrf", 24);
    setLoginCsrfCookie(c, config, csrf);
    // Signed and bound to this form's cookie, not stored: an anonymous page view writes nothing.
    const passkey = await startPasskeySignIn(deps, relyingPartyOf(c, config), csrf);
    return c.html(<LoginPage csrf={csrf} passkey={passkey} {...props} />, status);
  };
  const loginCsrfMatches = (c: Context, form: Record<string, unknown>) => {
    const cookieToken = readCookie(c, LOGIN_CSRF_COOKIE) ?? "";
    return Boolean(cookieToken) && constantTimeEqual(typeof form._csrf === "string" ? form._csrf : "", cookieToken);
  };
  const ceremonyOf = (form: Record<string, unknown>) => ({
    challengeId: typeof form.challengeId === "string" ? form.challengeId : "",
    credential: typeof form.credential === "string" ? form.credential : "",
  });

  web.get("/login", (c) => {
    const viewer = findViewer(deps, readCookie(c, SESSION_COOKIE));
    if (viewer) return c.redirect(viewer.role === "cleaner" ? "/cleaner" : "/dashboard", 303);
    return renderForm(c, 200, { next: safeNext(c.req.query("next")), flash: takeFlash(c, config) });
  });

  web.post("/login", async (c) => {
    const form = await c.req.parseBody();
    const email = typeof form.email === "string" ? form.email.trim().toLowerCase() : "";
    const password = typeof form.password === "string" ? form.password : "";
    const next = safeNext(form.next);
    const cookieToken = readCookie(c, LOGIN_CSRF_COOKIE) ?? "";
    const sent = typeof form._csrf === "string" ? form._csrf : "";
    if (!cookieToken || !constantTimeEqual(sent, cookieToken)) {
      return renderForm(c, 403, { email, next, flash: { kind: "bad", text: "The sign-in form expired. Please try again." } });
    }
    const ip = requestClientAddress(c, config);
    const wait = limiter.claim(email, ip);
    if (wait > 0) {
      c.header("retry-after", String(Math.ceil(wait / 1000)));
      return renderForm(c, 429, { email, next, flash: { kind: "bad", text: `Too many failed attempts. Try again in ${waitInWords(wait)}.` } });
    }
    const session = await passwordStep(deps, email, password, browserOf(c));
    // A failure was counted when the attempt was claimed; only a success gives it back.
    if (!session) return renderForm(c, 401, { email, next, flash: { kind: "bad", text: "That email and password do not match." } });
    limiter.recordSuccess(email, ip);
    setSessionCookie(c, config, session.token, (session.expiresAt.getTime() - clock.now().getTime()) / 1000);
    if (session.stage === "second_factor") return c.redirect(`/login/second-factor${next ? `?next=${encodeURIComponent(next)}` : ""}`, 303);
    return c.redirect(landing(session, next), 303);
  });

  web.post("/login/passkey", async (c) => {
    const form = await c.req.parseBody();
    const next = safeNext(form.next);
    if (!loginCsrfMatches(c, form)) return renderForm(c, 403, { next, flash: { kind: "bad", text: "The sign-in form expired. Please try again." } });
    const session = await passkeySignIn(deps, ceremonyOf(form), relyingPartyOf(c, config), readCookie(c, LOGIN_CSRF_COOKIE) ?? "", browserOf(c));
    if (!session) return renderForm(c, 401, { next, flash: { kind: "bad", text: "That passkey did not sign you in. Try again, or use your email and password." } });
    setSessionCookie(c, config, session.token, (session.expiresAt.getTime() - clock.now().getTime()) / 1000);
    return c.redirect(landing(session, next), 303);
  });

  const renderSecondFactor = async (c: Context, status: 200 | 401 | 429, pending: NonNullable<ReturnType<typeof findPendingSignIn>>, props: { next?: string | null; flash?: Flash | null }) => {
    const csrf = newToken("lcsrf", 24);
    setLoginCsrfCookie(c, config, csrf);
    const passkey = pending.methods.passkey ? await startPasskeyAssertion(deps, pending.user.id, relyingPartyOf(c, config)) : null;
    return c.html(<SecondFactorPage csrf={csrf} totp={pending.methods.totp} passkey={passkey} {...props} />, status);
  };

  web.get("/login/second-factor", (c) => {
    const pending = findPendingSignIn(deps, readCookie(c, SESSION_COOKIE));
    if (!pending) return c.redirect("/login", 303);
    return renderSecondFactor(c, 200, pending, { next: safeNext(c.req.query("next")) });
  });

  web.post("/login/second-factor/passkey", async (c) => {
    const form = await c.req.parseBody();
    const next = safeNext(form.next);
    const token = readCookie(c, SESSION_COOKIE);
    const pending = findPendingSignIn(deps, token);
    if (!pending || !token) return c.redirect("/login", 303);
    if (!loginCsrfMatches(c, form)) return renderSecondFactor(c, 401, pending, { next, flash: { kind: "bad", text: "The form expired. Please try again." } });
    const session = await passkeySecondFactorStep(deps, token, ceremonyOf(form), relyingPartyOf(c, config), browserOf(c));
    if (!session) return renderSecondFactor(c, 401, pending, { next, flash: { kind: "bad", text: "That passkey was not accepted. Try again, or use a code." } });
    setSessionCookie(c, config, session.token, (session.expiresAt.getTime() - clock.now().getTime()) / 1000);
    return c.redirect(landing(session, next), 303);
  });

  web.post("/login/second-factor", async (c) => {
    const form = await c.req.parseBody();
    const next = safeNext(form.next);
    const token = readCookie(c, SESSION_COOKIE);
    const pending = findPendingSignIn(deps, token);
    if (!pending || !token) return c.redirect("/login", 303);
    if (!loginCsrfMatches(c, form)) {
      return renderSecondFactor(c, 401, pending, { next, flash: { kind: "bad", text: "The form expired. Please try again." } });
    }
    // Six digits are few: the same backoff as passwords, per member and per address.
    const ip = requestClientAddress(c, config);
    const key = `second-factor:${pending.user.id}`;
    const wait = limiter.claim(key, ip);
    if (wait > 0) {
      c.header("retry-after", String(Math.ceil(wait / 1000)));
      return renderSecondFactor(c, 429, pending, { next, flash: { kind: "bad", text: `Too many wrong codes. Try again in ${waitInWords(wait)}.` } });
    }
    const session = await secondFactorStep(deps, token, typeof form.code === "string" ? form.code : "", browserOf(c));
    if (!session) return renderSecondFactor(c, 401, pending, { next, flash: { kind: "bad", text: "That code is not right (each code works once)." } });
    limiter.recordSuccess(key, ip);
    setSessionCookie(c, config, session.token, (session.expiresAt.getTime() - clock.now().getTime()) / 1000);
    return c.redirect(landing(session, next), 303);
  });

  web.post("/logout", requireViewer(deps, ["owner", "manager", "cleaner"]), (c) => {
    endSession(db, c.get("viewer").sessionId);
    clearSessionCookie(c, config);
    return c.redirect("/login", 303);
  });
}
