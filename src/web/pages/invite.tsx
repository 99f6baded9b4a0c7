import type { Context, Hono } from "hono";
import type { ServiceDeps } from "../../services/deps";
import { acceptInviteInput } from "../../services/team/invite-input";
import { acceptInvite, openInvite } from "../../services/team/invites";
import { createSession } from "../../services/web/sessions";
import { setSessionCookie } from "../cookies";
import type { WebEnv } from "../env";
import { Field } from "../fields";
import { fieldErrorsOf, formRefusalOf } from "../form-refusal";
import { Layout, type Flash } from "../layout";
import type { FieldErrors } from "../property-form";
import { LOGIN_CSRF_COOKIE, readCookie, setLoginCsrfCookie } from "../cookies";
import { constantTimeEqual } from "../../lib/crypto";
import { newToken } from "../../lib/tokens";
import { WebError } from "../web-error";

type Invite = NonNullable<ReturnType<typeof openInvite>>;

function AcceptPage(props: { invite: Invite; csrf: string; action: string; values?: Record<string, string>; errors?: FieldErrors; flash?: Flash | null }) {
  const { invite } = props;
  return (
    <Layout title="Join" flash={props.flash}>
      <h1>Join {invite.accountName}</h1>
      <p>You are invited as {invite.role === "manager" ? "a manager" : "a cleaner"}. Choose a password to finish.</p>
      <form method="post" action={props.action} class="card" style="max-width:26rem">
        <input type="hidden" name="_csrf" value={props.csrf} />
        {invite.email ? (
          <p>You will sign in as <strong>{invite.email}</strong>.</p>
        ) : (
          <Field name="email" label="Email you will sign in with" type="email" value={props.values?.email} errors={props.errors} required />
        )}
        <Field name="name" label="Your name" value={props.values?.name ?? invite.name ?? ""} errors={props.errors} />
        <Field name="password" label="Password (at least 10 characters)" type="password" errors={props.errors} required />
        <button type="submit">Set password and join</button>
      </form>
    </Layout>
  );
}

const gone = () => new WebError(404, "This invitation link is not valid any more: it was used, withdrawn or is older than 48 hours. Ask for a new one.");

/** `/invite/<token>`: the single-use link an invitee follows to set a password and join the account. */
export function registerInvitePages(web: Hono<WebEnv>, deps: ServiceDeps) {
  const { config, clock } = deps;

  const page = (c: Context, invite: Invite, status: 200 | 400 | 403 | 409, extra: { values?: Record<string, string>; errors?: FieldErrors; flash?: Flash | null } = {}) => {
    const csrf = newToken("lcsrf", 24);
    setLoginCsrfCookie(c, config, csrf);
    // The link is a credential: never let it leak through a Referer to anything this page links to.
    c.header("referrer-policy", "no-referrer");
    return c.html(<AcceptPage invite={invite} csrf={csrf} action={c.req.path} {...extra} />, status);
  };

  web.get("/invite/:token", (c) => {
    const invite = openInvite(deps, c.req.param("token"));
    if (!invite) throw gone();
    return page(c, invite, 200);
  });

  web.post("/invite/:token", async (c) => {
    const token = c.req.param("token");
    const invite = openInvite(deps, token);
    if (!invite) throw gone();
    const form = await c.req.parseBody();
    const text = (k: string) => (typeof form[k] === "string" ? (form[k] as string) : "");
    const values = { email: text("email").trim(), name: text("name").trim() };
    const sent = text("_csrf");
    const cookieToken = readCookie(c, LOGIN_CSRF_COOKIE) ?? "";
    if (!cookieToken || !constantTimeEqual(sent, cookieToken)) return page(c, invite, 403, { values, flash: { kind: "bad", text: "The form expired. Please try again." } });
    const parsed = acceptInviteInput.safeParse({ password: text("password"), ...(values.email ? { email: values.email } : {}), ...(values.name ? { name: values.name } : {}) });
    if (!parsed.success) return page(c, invite, 400, { values, errors: fieldErrorsOf(parsed.error.issues), flash: { kind: "bad", text: "Please fix the highlighted fields." } });
    let member;
    try {
      member = await acceptInvite(deps, token, parsed.data);
    } catch (err) {
      const refusal = formRefusalOf(err);
      return page(c, invite, refusal.status, { values, errors: refusal.errors, flash: { kind: "bad", text: refusal.message } });
    }
    const session = createSession(deps.db, clock, { id: member.userId, accountId: member.accountId }, { method: "invite", device: c.req.header("user-agent") ?? null });
    setSessionCookie(c, config, session.token, (session.expiresAt.getTime() - clock.now().getTime()) / 1000);
    return c.redirect(member.role === "cleaner" ? "/cleaner" : "/dashboard", 303);
  });
}
