import type { Context, Hono } from "hono";
import { keyRolesFor, type ApiKeyRole } from "../../domain/team";
import { apiKeyInput } from "../../routes/v1/api-keys/schema";
import { createMemberApiKey, listApiKeys, revokeAccountApiKey, type ApiKeyRow } from "../../services/accounts/api-keys";
import type { ServiceDeps } from "../../services/deps";
import type { Viewer } from "../../services/web/sessions";
import { requireViewer, viewerActor } from "../auth";
import { setFlash, takeFlash } from "../cookies";
import type { WebEnv } from "../env";
import { Field } from "../fields";
import { fieldErrorsOf, formRefusalOf } from "../form-refusal";
import { formatInstant } from "../format";
import { CsrfField, Layout, type Flash } from "../layout";
import type { FieldErrors } from "../property-form";
import { CopyBox, COPY_SCRIPT_PATH } from "./copy-script";

const ROLE_WORDS: Record<ApiKeyRole, string> = { owner: "Owner: everything", manager: "Manager: all but the team and account settings", read_only: "Read-only: reads only" };
const SHORT_ROLE: Record<ApiKeyRole, string> = { owner: "Owner", manager: "Manager", read_only: "Read-only" };

function ApiKeysPage(props: {
  viewer: Viewer; keys: ApiKeyRow[]; roles: ApiKeyRole[]; timezone: string; flash?: Flash | null; created?: { name: string; key: string }; values?: Record<string, string>; errors?: FieldErrors;
}) {
  const { viewer } = props;
  const when = (d: Date | null) => (d ? formatInstant(d, props.timezone) : "Never");
  const pickedRole = props.values?.role ?? props.roles[0];
  return (
    <Layout title="API keys" viewer={viewer} flash={props.flash} section="api-keys">
      <h1>API keys</h1>
      <p>Keys let scripts and other systems use the staykey API (<code>Authorization: Bearer …</code>). {viewer.role === "owner" ? "You see every key of the account." : "You see the keys you made."}</p>
      {props.created ? (
        <section class="card" aria-labelledby="new-key-h">
          <h2 id="new-key-h">Your new key “{props.created.name}”</h2>
          <p>Copy it now: it is shown only this once (staykey keeps only its hash).</p>
          <CopyBox id="new-key" label="API key" value={props.created.key} />
          <script src={COPY_SCRIPT_PATH} defer></script>
        </section>
      ) : null}
      <section aria-labelledby="keys-h">
        <h2 id="keys-h">Keys</h2>
        {props.keys.length === 0 ? <p class="muted">No API keys yet.</p> : (
          <div class="table-wrap" role="region" aria-label="API keys (scrolls sideways)" tabindex={0}>
            <table>
              <thead><tr><th scope="col">Name</th><th scope="col">Starts with</th><th scope="col">Role</th><th scope="col">Created</th><th scope="col">Last used</th><th scope="col">Actions</th></tr></thead>
              <tbody>
                {props.keys.map((k) => (
                  <tr data-testid="api-key">
                    <td>{k.name}</td>
                    <td><code>{k.prefix}…</code></td>
                    <td>{SHORT_ROLE[k.role]}</td>
                    <td>{when(k.createdAt)}</td>
                    <td>{when(k.lastUsedAt)}</td>
                    <td>
                      {k.revokedAt ? `Revoked ${when(k.revokedAt)}` : (
                        <form method="post" action={`/dashboard/api-keys/${k.id}/revoke`}>
                          <CsrfField viewer={viewer} />
                          <button type="submit" aria-label={`Revoke ${k.name}`}>Revoke</button>
                        </form>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <form method="post" action="/dashboard/api-keys" class="card" aria-labelledby="create-key-h">
        <h2 id="create-key-h">Create a key</h2>
        <CsrfField viewer={viewer} />
        <Field name="name" label="Name" value={props.values?.name} hint="What uses it, such as “PMS sync”" errors={props.errors} required />
        <fieldset>
          <legend>What it may do</legend>
          {props.roles.map((r) => <label><input type="radio" name="role" value={r} checked={r === pickedRole} /> {ROLE_WORDS[r]}</label>)}
          {props.errors?.role ? <p class="error-text">{props.errors.role}</p> : null}
        </fieldset>
        <button type="submit">Create key</button>
      </form>
    </Layout>
  );
}

/** `/dashboard/api-keys`: the owner's every key, a manager's own; create (shown once) and revoke, through the API's service. */
export function registerApiKeyPages(web: Hono<WebEnv>, deps: ServiceDeps) {
  const { db, clock, config } = deps;
  const hosts = requireViewer(deps, ["owner", "manager"]);
  const actorOf = (viewer: Viewer) => ({ ...viewerActor(viewer), memberRole: viewer.role });

  const render = (c: Context<WebEnv>, status: 200 | 400 | 403 | 409, extra: { flash?: Flash | null; created?: { name: string; key: string }; values?: Record<string, string>; errors?: FieldErrors } = {}) => {
    const viewer = c.get("viewer");
    const keys = listApiKeys(db, viewerActor(viewer), { limit: 500 }).data;
    return c.html(<ApiKeysPage viewer={viewer} keys={keys} roles={keyRolesFor(viewer.role)} timezone={viewer.timeZone ?? "UTC"} {...extra} />, status);
  };

  web.get("/dashboard/api-keys", hosts, (c) => render(c, 200, { flash: takeFlash(c, config) }));

  web.post("/dashboard/api-keys", hosts, async (c) => {
    const form = await c.req.parseBody();
    const values = { name: typeof form.name === "string" ? form.name : "", role: typeof form.role === "string" ? form.role : "" };
    const parsed = apiKeyInput.safeParse({ name: values.name, ...(values.role ? { role: values.role } : {}) });
    if (!parsed.success) return render(c, 400, { values, errors: fieldErrorsOf(parsed.error.issues), flash: { kind: "bad", text: "Please fix the highlighted fields." } });
    try {
      const created = createMemberApiKey(db, clock, actorOf(c.get("viewer")), parsed.data);
      c.header("cache-control", "no-store");
      return render(c, 200, { created: { name: parsed.data.name, key: created.key }, flash: { kind: "ok", text: `Key “${parsed.data.name}” created.` } });
    } catch (err) {
      const refusal = formRefusalOf(err);
      return render(c, refusal.status, { values, errors: refusal.errors, flash: { kind: "bad", text: refusal.message } });
    }
  });

  web.post("/dashboard/api-keys/:id/revoke", hosts, (c) => {
    revokeAccountApiKey(db, clock, viewerActor(c.get("viewer")), c.req.param("id"));
    setFlash(c, config, { kind: "ok", text: "Key revoked: the next request with it is refused." });
    return c.redirect("/dashboard/api-keys", 303);
  });
}
