import type { Hono } from "hono";
import type { Context } from "hono";
import { constantTimeEqual } from "../../lib/crypto";
import { newToken } from "../../lib/tokens";
import type { LoginRateLimit } from "../../services/web/login-rate-limit";
import { endSession, findViewer } from "../../services/web/sessions";
import { signIn } from "../../services/web/sign-in";
import { requireViewer } from "../auth";
import { requestClientAddress } from "../../routes/client-address";
import { clearSessionCookie, LOGIN_CSRF_COOKIE, readCookie, SESSION_COOKIE, setLoginCsrfCookie, setSessionCookie } from "../cookies";
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

function LoginPage(props: { csrf: string; email?: string; next?: string | null; flash?: Flash | null }) {
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
    </Layout>
  );
}

export function registerLogin(web: Hono<WebEnv>, deps: ServiceDeps, limiter: LoginRateLimit) {
  const { db, clock, config } = deps;

  const renderForm = (c: Context, status: 200 | 401 | 403 | 429, props: { email?: string; next?: string | null; flash?: Flash | null }) => {
    const csrf = newToken("lcsrf", 24);
    setLoginCsrfCookie(c, config, csrf);
    return c.html(<LoginPage csrf={csrf} {...props} />, status);
  };

  web.get("/login", (c) => {
    const viewer = findViewer(deps, readCookie(c, SESSION_COOKIE));
    if (viewer) return c.redirect(viewer.role === "cleaner" ? "/cleaner" : "/dashboard", 303);
    return renderForm(c, 200, { next: safeNext(c.req.query("next")) });
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
    const session = await signIn(deps, email, password);
    // A failure was counted when the attempt was claimed; only a success gives it back.
    if (!session) return renderForm(c, 401, { email, next, flash: { kind: "bad", text: "That email and password do not match." } });
    limiter.recordSuccess(email, ip);
    setSessionCookie(c, config, session.token, (session.expiresAt.getTime() - clock.now().getTime()) / 1000);
    const home = session.role === "cleaner" ? "/cleaner" : "/dashboard";
    const target = next && (session.role === "cleaner") === next.startsWith("/cleaner") ? next : home;
    return c.redirect(target, 303);
  });

  web.post("/logout", requireViewer(deps, ["owner", "manager", "cleaner"]), (c) => {
    endSession(db, c.get("viewer").sessionId);
    clearSessionCookie(c, config);
    return c.redirect("/login", 303);
  });
}
