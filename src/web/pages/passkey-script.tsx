import type { Context, Hono } from "hono";
import type { Config } from "../../config";
import type { RelyingParty } from "../../services/security/passkeys";
import type { WebEnv } from "../env";

/**
 * The passkey ceremony in the browser. A `form[data-webauthn]` carries the server's options (JSON in `data-options`);
 * on submit the script asks the authenticator (create or get), puts the answer as JSON in the form's `credential`
 * field and sends the form. The CSP allows no fetch (default-src 'none'), so the answer travels as an ordinary form
 * post, CSRF token and all. Served from our origin: `script-src 'self'`, no inline script. The forms are rendered
 * hidden and shown only where the browser has WebAuthn.
 */
const PASSKEY_JS = `"use strict";
const toB64url = (buf) => {
  let s = "";
  for (const b of new Uint8Array(buf)) s += String.fromCharCode(b);
  return btoa(s).replace(/\\+/g, "-").replace(/\\//g, "_").replace(/=+$/, "");
};
const fromB64url = (text) => {
  const b64 = text.replace(/-/g, "+").replace(/_/g, "/");
  const bin = atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
};
const descriptors = (list) => (list || []).map((d) => ({ ...d, id: fromB64url(d.id) }));
async function create(o) {
  const publicKey = { ...o, challenge: fromB64url(o.challenge), user: { ...o.user, id: fromB64url(o.user.id) }, excludeCredentials: descriptors(o.excludeCredentials) };
  const c = await navigator.credentials.create({ publicKey });
  const r = c.response;
  return {
    id: c.id, rawId: toB64url(c.rawId), type: c.type, clientExtensionResults: c.getClientExtensionResults(), authenticatorAttachment: c.authenticatorAttachment || undefined,
    response: { clientDataJSON: toB64url(r.clientDataJSON), attestationObject: toB64url(r.attestationObject), transports: r.getTransports ? r.getTransports() : [] },
  };
}
async function get(o) {
  const publicKey = { ...o, challenge: fromB64url(o.challenge), allowCredentials: descriptors(o.allowCredentials) };
  const c = await navigator.credentials.get({ publicKey });
  const r = c.response;
  return {
    id: c.id, rawId: toB64url(c.rawId), type: c.type, clientExtensionResults: c.getClientExtensionResults(), authenticatorAttachment: c.authenticatorAttachment || undefined,
    response: { clientDataJSON: toB64url(r.clientDataJSON), authenticatorData: toB64url(r.authenticatorData), signature: toB64url(r.signature), userHandle: r.userHandle ? toB64url(r.userHandle) : undefined },
  };
}
for (const form of document.querySelectorAll("form[data-webauthn]")) {
  if (!window.PublicKeyCredential || !navigator.credentials) continue;
  form.hidden = false;
  const status = form.querySelector("[data-webauthn-status]");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const options = JSON.parse(form.dataset.options);
      const answer = form.dataset.webauthn === "create" ? await create(options) : await get(options);
      form.elements.credential.value = JSON.stringify(answer);
      form.submit();
    } catch (err) {
      if (status) status.textContent = "The passkey was not used (" + (err && err.name ? err.name : "error") + "). Try again, or use another way.";
    }
  });
}
`;

export const PASSKEY_SCRIPT_PATH = "/assets/passkey.js";

export function registerPasskeyScript(web: Hono<WebEnv>) {
  web.get(PASSKEY_SCRIPT_PATH, (c) => {
    c.header("content-type", "text/javascript; charset=utf-8");
    return c.body(PASSKEY_JS);
  });
}

/**
 * Passkeys are bound to STAYKEY_PUBLIC_URL's host name when it is set (behind a proxy the request's own Host may be an
 * internal name); without it, to the address the browser used, which is what a single machine on localhost needs.
 */
export function relyingPartyOf(c: Context, config: Pick<Config, "STAYKEY_PUBLIC_URL">): RelyingParty {
  const origin = new URL(config.STAYKEY_PUBLIC_URL ?? new URL(c.req.url).origin).origin;
  return { origin, rpID: new URL(origin).hostname };
}

/** A form that runs a passkey ceremony: hidden until the script finds WebAuthn in the browser. */
export function PasskeyForm(props: { action: string; mode: "create" | "get"; options: unknown; challengeId: string; csrf: string; label: string; children?: unknown; next?: string | null }) {
  return (
    <form method="post" action={props.action} data-webauthn={props.mode} data-options={JSON.stringify(props.options)} hidden>
      <input type="hidden" name="_csrf" value={props.csrf} />
      <input type="hidden" name="challengeId" value={props.challengeId} />
      <input type="hidden" name="credential" value="" />
      {props.next ? <input type="hidden" name="next" value={props.next} /> : null}
      {props.children as never}
      <button type="submit">{props.label}</button>
      <p class="small muted" role="status" data-webauthn-status></p>
    </form>
  );
}
