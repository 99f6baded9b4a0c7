import type { Context, Hono } from "hono";
import { raw } from "hono/html";
import type { ServiceDeps } from "../../services/deps";
import { changePassword, passwordMatches } from "../../services/security/change-password";
import { listMemberSessions, revokeMemberSession, revokeOtherSessions, type SessionView } from "../../services/security/member-sessions";
import { finishPasskeyRegistration, listPasskeys, removePasskey, startPasskeyRegistration, type PasskeyView } from "../../services/security/passkeys";
import { confirmTotp, disableTotp, recoveryCodesLeft, startTotpEnrolment } from "../../services/security/totp";
import { accountSettings } from "../../services/team/members";
import { lookups } from "../../services/lookups";
import type { Viewer } from "../../services/web/sessions";
import { requireViewer } from "../auth";
import { setFlash, takeFlash } from "../cookies";
import type { WebEnv } from "../env";
import { Field } from "../fields";
import { formRefusalOf } from "../form-refusal";
import { CsrfField, Layout, type Flash } from "../layout";
import type { FieldErrors } from "../property-form";
import { maskCsrf } from "../csrf";
import { PASSKEY_SCRIPT_PATH, PasskeyForm, relyingPartyOf } from "./passkey-script";

interface Extra {
  flash?: Flash | null;
  enrolment?: { qrSvg: string; secret: string };
  recoveryCodes?: string[];
  errors?: FieldErrors;
  /** A passkey being added: the options the browser's authenticator answers. */
  passkeyCeremony?: { challengeId: string; options: unknown; name: string };
}

const when = (d: Date | null) => (d ? `${d.toISOString().slice(0, 16).replace("T", " ")} UTC` : "—");

function PasskeysSection(props: { viewer: Viewer; passkeys: PasskeyView[]; ceremony?: Extra["passkeyCeremony"]; errors?: FieldErrors }) {
  const { viewer } = props;
  return (
    <section class="card" aria-labelledby="passkeys-h">
      <h2 id="passkeys-h">Passkeys</h2>
      <p>A passkey (this device's fingerprint, face or PIN, or a security key) signs you in without a password, or serves as your second factor after it.</p>
      {props.passkeys.length === 0 ? <p class="muted">No passkeys yet.</p> : (
        <table>
          <thead><tr><th scope="col">Name</th><th scope="col">Added</th><th scope="col">Last used</th><th scope="col">Actions</th></tr></thead>
          <tbody>
            {props.passkeys.map((p) => (
              <tr data-testid="passkey">
                <td>{p.name}</td>
                <td>{when(p.createdAt)}</td>
                <td>{when(p.lastUsedAt)}</td>
                <td>
                  <form method="post" action={`/account/security/passkeys/${encodeURIComponent(p.id)}/remove`}>
                    <CsrfField viewer={viewer} />
                    <button type="submit" aria-label={`Remove passkey ${p.name}`}>Remove</button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {props.ceremony ? (
        <>
          <PasskeyForm action="/account/security/passkeys" mode="create" options={props.ceremony.options} challengeId={props.ceremony.challengeId} csrf={maskCsrf(viewer.csrfToken)} label="Create the passkey">
            <input type="hidden" name="name" value={props.ceremony.name} />
            <p>Your browser will ask you to confirm with this device or a security key.</p>
          </PasskeyForm>
          <script src={PASSKEY_SCRIPT_PATH} defer></script>
        </>
      ) : (
        <form method="post" action="/account/security/passkeys/start">
          <CsrfField viewer={viewer} />
          <Field name="passkeyName" label="Name for the new passkey" hint="Such as “work laptop” or “blue security key”" errors={props.errors} />
          <button type="submit">Add a passkey</button>
        </form>
      )}
      {props.errors?.credential ? <p class="error-text">{props.errors.credential}</p> : null}
    </section>
  );
}

function SecurityPage(props: { viewer: Viewer; totp: boolean; codesLeft: number; required: boolean; sessions: SessionView[]; passkeys: PasskeyView[] } & Extra) {
  const { viewer } = props;
  return (
    <Layout title="Security" viewer={viewer} flash={props.flash} section="security">
      <h1>Security</h1>
      {viewer.mustAddSecondFactor ? <p class="flash bad" role="alert">Your account requires two-factor sign-in. Set up an authenticator app or add a passkey to continue.</p> : null}
      <section class="card" aria-labelledby="totp-h">
        <h2 id="totp-h">Authenticator app</h2>
        {props.recoveryCodes ? (
          <>
            <p>Two-factor sign-in is on. Keep these recovery codes somewhere safe: each signs you in once if you lose your phone. They are shown only now.</p>
            <ul class="plain" aria-label="Recovery codes" data-testid="recovery-codes">{props.recoveryCodes.map((c) => <li><code>{c}</code></li>)}</ul>
          </>
        ) : props.totp ? (
          <>
            <p>On. {props.codesLeft} recovery code{props.codesLeft === 1 ? "" : "s"} left.</p>
            {props.required ? <p class="muted small">This account requires two-factor sign-in, so it cannot be turned off.</p> : (
              <form method="post" action="/account/security/totp/disable">
                <CsrfField viewer={viewer} />
                <Field name="password" label="Your password, to turn it off" type="password" errors={props.errors} required />
                <button type="submit">Turn off</button>
              </form>
            )}
          </>
        ) : props.enrolment ? (
          <>
            <p>Scan this with your authenticator app (or type the key), then enter the code it shows.</p>
            <div role="img" aria-label="QR code for your authenticator app" style="max-width:14rem">{raw(props.enrolment.qrSvg)}</div>
            <p>Key: <code data-testid="totp-secret">{props.enrolment.secret}</code></p>
            <form method="post" action="/account/security/totp/confirm">
              <CsrfField viewer={viewer} />
              <Field name="code" label="Code from the app" errors={props.errors} required />
              <button type="submit">Turn on</button>
            </form>
          </>
        ) : (
          <form method="post" action="/account/security/totp/start">
            <p>Off. A code from an app on your phone, asked after your password, keeps a stolen password from opening your doors.</p>
            <CsrfField viewer={viewer} />
            <button type="submit">Set up an authenticator app</button>
          </form>
        )}
      </section>
      <PasskeysSection viewer={viewer} passkeys={props.passkeys} ceremony={props.passkeyCeremony} errors={props.errors} />
      <section class="card" aria-labelledby="sessions-h">
        <h2 id="sessions-h">Where you are signed in</h2>
        <table>
          <thead><tr><th scope="col">Device</th><th scope="col">Signed in</th><th scope="col">Last used</th><th scope="col">Actions</th></tr></thead>
          <tbody>
            {props.sessions.map((s) => (
              <tr data-testid="session">
                <td>{s.device ?? "Unknown browser"}{s.current ? " (this device)" : ""}</td>
                <td>{when(s.createdAt)} · {s.method ?? "password"}</td>
                <td>{when(s.lastUsedAt)}</td>
                <td>
                  {s.current ? null : (
                    <form method="post" action={`/account/security/sessions/${s.id}/revoke`}>
                      <CsrfField viewer={viewer} />
                      <button type="submit" aria-label={`Sign out ${s.device ?? "this session"}`}>Sign out</button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <form method="post" action="/account/security/sessions/revoke-others">
          <CsrfField viewer={viewer} />
          <button type="submit">Sign out everywhere else</button>
        </form>
      </section>
      <section class="card" aria-labelledby="pw-h">
        <h2 id="pw-h">Change password</h2>
        <form method="post" action="/account/security/password">
          <CsrfField viewer={viewer} />
          <Field name="currentPassword" label="Current password" type="password" errors={props.errors} required />
          <Field name="newPassword" label="New password (at least 10 characters)" type="password" errors={props.errors} required />
          <button type="submit">Change password</button>
        </form>
      </section>
    </Layout>
  );
}

/** `/account/security`: every member's own two-factor setup, sessions and password (cleaners too). */
export function registerSecurityPages(web: Hono<WebEnv>, deps: ServiceDeps) {
  const { config } = deps;
  const anyone = requireViewer(deps, ["owner", "manager", "cleaner"]);

  const render = (c: Context<WebEnv>, status: 200 | 400 | 403 | 409 = 200, extra: Extra = {}) => {
    const viewer = c.get("viewer");
    const member = lookups.member.find(deps.db, viewer.accountId, viewer.userId);
    return c.html(
      <SecurityPage
        viewer={viewer}
        totp={member.totpEnabledAt !== null}
        codesLeft={recoveryCodesLeft(deps, viewer.userId)}
        required={accountSettings(deps, viewer.accountId).requireTwoFactor}
        sessions={listMemberSessions(deps, viewer.userId, viewer.sessionId)}
        passkeys={listPasskeys(deps, viewer.userId)}
        {...extra}
      />,
      status,
    );
  };
  const refused = (c: Context<WebEnv>, err: unknown) => {
    const r = formRefusalOf(err);
    return render(c, r.status, { errors: r.errors, flash: { kind: "bad", text: r.message } });
  };
  const member = (viewer: Viewer) => ({ id: viewer.userId, accountId: viewer.accountId });
  const text = (form: Record<string, unknown>, k: string) => (typeof form[k] === "string" ? (form[k] as string) : "");

  web.get("/account/security", anyone, (c) => render(c, 200, { flash: takeFlash(c, config) }));

  web.post("/account/security/totp/start", anyone, async (c) => {
    const account = accountSettings(deps, c.get("viewer").accountId).name;
    try {
      const enrolment = await startTotpEnrolment(deps, c.get("viewer").userId, account);
      return render(c, 200, { enrolment });
    } catch (err) {
      return refused(c, err);
    }
  });

  web.post("/account/security/totp/confirm", anyone, async (c) => {
    const form = await c.req.parseBody();
    try {
      const recoveryCodes = await confirmTotp(deps, member(c.get("viewer")), text(form, "code"));
      // The viewer was read before: it no longer owes a second factor.
      c.set("viewer", { ...c.get("viewer"), mustAddSecondFactor: false });
      return render(c, 200, { recoveryCodes, flash: { kind: "ok", text: "Two-factor sign-in is on." } });
    } catch (err) {
      return refused(c, err);
    }
  });

  web.post("/account/security/totp/disable", anyone, async (c) => {
    const viewer = c.get("viewer");
    const form = await c.req.parseBody();
    if (accountSettings(deps, viewer.accountId).requireTwoFactor) return render(c, 409, { flash: { kind: "bad", text: "This account requires two-factor sign-in." } });
    if (!(await passwordMatches(deps, viewer.userId, text(form, "password")))) return render(c, 400, { errors: { password: "that is not your password" }, flash: { kind: "bad", text: "That is not your password." } });
    disableTotp(deps, member(viewer));
    setFlash(c, config, { kind: "ok", text: "Two-factor sign-in is off." });
    return c.redirect("/account/security", 303);
  });

  web.post("/account/security/passkeys/start", anyone, async (c) => {
    const form = await c.req.parseBody();
    const name = text(form, "passkeyName").trim().slice(0, 60) || "Passkey";
    try {
      const { challengeId, options } = await startPasskeyRegistration(deps, c.get("viewer").userId, relyingPartyOf(c, config));
      return render(c, 200, { passkeyCeremony: { challengeId, options, name } });
    } catch (err) {
      return refused(c, err);
    }
  });

  web.post("/account/security/passkeys", anyone, async (c) => {
    const viewer = c.get("viewer");
    const form = await c.req.parseBody();
    try {
      const added = await finishPasskeyRegistration(deps, viewer, { challengeId: text(form, "challengeId"), name: text(form, "name"), credential: text(form, "credential") }, relyingPartyOf(c, config));
      setFlash(c, config, { kind: "ok", text: `Passkey “${added.name}” added.` });
      return c.redirect("/account/security", 303);
    } catch (err) {
      return refused(c, err);
    }
  });

  web.post("/account/security/passkeys/:id/remove", anyone, (c) => {
    try {
      removePasskey(deps, c.get("viewer"), c.req.param("id"));
    } catch (err) {
      return refused(c, err);
    }
    setFlash(c, config, { kind: "ok", text: "Passkey removed." });
    return c.redirect("/account/security", 303);
  });

  web.post("/account/security/sessions/revoke-others", anyone, (c) => {
    const viewer = c.get("viewer");
    const ended = revokeOtherSessions(deps, viewer, viewer.sessionId);
    setFlash(c, config, { kind: "ok", text: `Signed out of ${ended} other session${ended === 1 ? "" : "s"}.` });
    return c.redirect("/account/security", 303);
  });

  web.post("/account/security/sessions/:id/revoke", anyone, (c) => {
    revokeMemberSession(deps, c.get("viewer"), c.req.param("id"));
    setFlash(c, config, { kind: "ok", text: "That session is signed out." });
    return c.redirect("/account/security", 303);
  });

  web.post("/account/security/password", anyone, async (c) => {
    const form = await c.req.parseBody();
    try {
      await changePassword(deps, c.get("viewer"), text(form, "currentPassword"), text(form, "newPassword"));
    } catch (err) {
      return refused(c, err);
    }
    setFlash(c, config, { kind: "ok", text: "Password changed. Every other session is signed out." });
    return c.redirect("/account/security", 303);
  });
}
