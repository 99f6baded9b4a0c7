import type { Context, Hono } from "hono";
import { constantTimeEqual } from "../../lib/crypto";
import { newToken } from "../../lib/tokens";
import type { ServiceDeps } from "../../services/deps";
import { requestPasswordReset, resetLinkWorks, resetPassword } from "../../services/security/password-reset";
import { LOGIN_CSRF_COOKIE, readCookie, setFlash, setLoginCsrfCookie } from "../cookies";
import type { WebEnv } from "../env";
import { Field } from "../fields";
import { formRefusalOf } from "../form-refusal";
import { Layout, type Flash } from "../layout";
import type { FieldErrors } from "../property-form";
import { WebError } from "../web-error";

function ForgotPage(props: { csrf: string; flash?: Flash | null; sent?: boolean }) {
  return (
    <Layout title="Reset your password" flash={props.flash}>
      <h1>Reset your password</h1>
      {props.sent ? (
        <p role="status">If that email has a staykey sign-in, a link to choose a new password is on its way. It works once, within an hour.</p>
      ) : (
        <form method="post" action="/login/forgot" class="card" style="max-width:26rem">
          <input type="hidden" name="_csrf" value={props.csrf} />
          <label for="email">Email</label>
          <input id="email" name="email" type="email" autocomplete="username" required />
          <button type="submit">Email me a link</button>
        </form>
      )}
      <p><a href="/login">Back to sign in</a></p>
    </Layout>
  );
}

function ResetPage(props: { csrf: string; action: string; errors?: FieldErrors; flash?: Flash | null }) {
  return (
    <Layout title="Choose a new password" flash={props.flash}>
      <h1>Choose a new password</h1>
      <form method="post" action={props.action} class="card" style="max-width:26rem">
        <input type="hidden" name="_csrf" value={props.csrf} />
        <Field name="password" label="New password (at least 10 characters)" type="password" errors={props.errors} required />
        <button type="submit">Set password</button>
      </form>
    </Layout>
  );
}

const gone = () => new WebError(404, "This password reset link is not valid any more: it was used or is older than an hour. Ask for a new one.");

/** `/login/forgot` and `/reset/<token>`: a password reset by a single-use emailed link. */
export function registerPasswordReset(web: Hono<WebEnv>, deps: ServiceDeps) {
  const { config } = deps;
  const csrfFor = (c: Context) => {
    const csrf = newToken("lcsrf", 24);
    setLoginCsrfCookie(c, config, csrf);
    return csrf;
  };
  const csrfOk = (c: Context, form: Record<string, unknown>) => {
    const cookieToken = readCookie(c, LOGIN_CSRF_COOKIE) ?? "";
    return Boolean(cookieToken) && constantTimeEqual(typeof form._csrf === "string" ? form._csrf : "", cookieToken);
  };

  web.get("/login/forgot", (c) => c.html(<ForgotPage csrf={csrfFor(c)} />));

  web.post("/login/forgot", async (c) => {
    const form = await c.req.parseBody();
    if (!csrfOk(c, form)) return c.html(<ForgotPage csrf={csrfFor(c)} flash={{ kind: "bad", text: "The form expired. Please try again." }} />, 403);
    // The link must point at this server's public address; a Host header is the client's to choose. Without one, the
    // link stays on this machine (the outbox), where only the operator reads it.
    const base = config.STAYKEY_PUBLIC_URL ?? (deps.messaging.email ? null : new URL(c.req.url).origin);
    if (!base) throw new WebError(503, "Password reset by email needs STAYKEY_PUBLIC_URL. Ask whoever runs staykey to set it, or to run `staykey set-password`.");
    const email = typeof form.email === "string" ? form.email.trim() : "";
    if (email) await requestPasswordReset(deps, email, base);
    return c.html(<ForgotPage csrf={csrfFor(c)} sent />);
  });

  web.get("/reset/:token", (c) => {
    if (!resetLinkWorks(deps, c.req.param("token"))) throw gone();
    c.header("referrer-policy", "no-referrer");
    return c.html(<ResetPage csrf={csrfFor(c)} action={c.req.path} />);
  });

  web.post("/reset/:token", async (c) => {
    const token = c.req.param("token");
    if (!resetLinkWorks(deps, token)) throw gone();
    const form = await c.req.parseBody();
    if (!csrfOk(c, form)) return c.html(<ResetPage csrf={csrfFor(c)} action={c.req.path} flash={{ kind: "bad", text: "The form expired. Please try again." }} />, 403);
    try {
      await resetPassword(deps, token, typeof form.password === "string" ? form.password : "");
    } catch (err) {
      const r = formRefusalOf(err);
      return c.html(<ResetPage csrf={csrfFor(c)} action={c.req.path} errors={r.errors} flash={{ kind: "bad", text: r.message }} />, r.status);
    }
    setFlash(c, config, { kind: "ok", text: "Your password is set. Sign in with it." });
    return c.redirect("/login", 303);
  });
}
