import type { Context, Hono } from "hono";
import { propertiesByName } from "../../services/properties/property-views";
import type { ServiceDeps } from "../../services/deps";
import { ServiceError } from "../../services/errors";
import { listConnectionDevices, recheckConnection } from "../../services/locks/connection-devices";
import { addPickedLocks, connectionLocks } from "../../services/locks/connection-picks";
import { createConnection, deleteConnection, getConnection, listConnections, rotateConnection, type ConnectionSummary } from "../../services/locks/connections";
import type { Viewer } from "../../services/web/sessions";
import { requireViewer } from "../auth";
import { CREDENTIAL_FIELDS, fieldName, formFieldOf, isProvider, parseCredentials, parseNewConnection, parsePicks, PROVIDER_WORDS } from "../connection-form";
import { setFlash, takeFlash } from "../cookies";
import type { WebEnv } from "../env";
import { Field } from "../fields";
import { Fold } from "../fold";
import { formatInstant } from "../format";
import { formRefusalOf } from "../form-refusal";
import { CsrfField, Layout, type Flash } from "../layout";
import type { FieldErrors } from "../property-form";
import { ConnectionPage, HealthLines, type ConnectionPageProps } from "./connection-page";

const PROVIDERS = ["seam", "home_assistant", "zwave_js", "matter"] as const;

function ConnectionsPage(props: { viewer: Viewer; connections: ConnectionSummary[]; flash?: Flash | null; open?: string; errors?: FieldErrors; values?: Record<string, string> }) {
  const { viewer } = props;
  const at = (d: Date | null) => formatInstant(d, { zone: viewer.timeZone ?? "UTC", locale: "en-US", viewerZone: viewer.timeZone });
  return (
    <Layout title="Connections" viewer={viewer} section="connections" flash={props.flash}>
      <h1>Connections</h1>
      <p>Where staykey reaches your locks: a Seam workspace, a Home Assistant, a Z-Wave JS server, or a Matter lock paired with its pairing code. Keys, tokens and Matter fabric keys are sealed when saved and never shown again.</p>
      {props.connections.length === 0 ? <p class="muted">No connection yet: add one below, then pick its locks.</p> : (
        <ul class="plain" aria-label="Your connections">
          {props.connections.map((c) => (
            <li data-testid="connection">
              <a href={`/dashboard/connections/${c.id}`}><strong>{c.name}</strong></a> <span class="small muted">{PROVIDER_WORDS[c.provider]} · {c.credentialHint}</span>
              <HealthLines connection={c} at={at} />
            </li>
          ))}
        </ul>
      )}
      <h2>Add a connection</h2>
      {PROVIDERS.map((p) => (
        <Fold summary={`Add a ${PROVIDER_WORDS[p]} connection`} open={props.open === p} id={`add-${p}`}>
          <form method="post" action="/dashboard/connections" aria-label={`Add a ${PROVIDER_WORDS[p]} connection`}>
            <CsrfField viewer={viewer} />
            <input type="hidden" name="provider" value={p} />
            {props.open === p && props.errors?.form ? <p class="error-text">{props.errors.form}</p> : null}
            <Field name={fieldName(p, "name")} label={`${PROVIDER_WORDS[p]} connection name`} value={props.open === p ? props.values?.[fieldName(p, "name")] : undefined} errors={props.open === p ? props.errors : undefined} required />
            {CREDENTIAL_FIELDS[p].map((f) => (
              <Field name={fieldName(p, f.key)} label={f.label} type={f.type} hint={f.hint} required autocomplete="off"
                value={props.open === p && f.type !== "password" ? props.values?.[fieldName(p, f.key)] : undefined} errors={props.open === p ? props.errors : undefined} />
            ))}
            <button type="submit">Save and list its locks</button>
          </form>
        </Fold>
      ))}
    </Layout>
  );
}

/** A service refusal on a connection form, its fields named as the form names them. */
function refusalOn(err: unknown, provider: Parameters<typeof formFieldOf>[0]): { status: 400 | 403 | 409; errors: FieldErrors; message: string } {
  const r = formRefusalOf(err);
  const errors: FieldErrors = Object.fromEntries(Object.entries(r.errors).map(([k, v]) => [formFieldOf(provider, k), v]));
  if (Object.keys(errors).length === 0) errors.form = r.message;
  return { status: r.status, errors, message: r.message };
}

export function registerConnectionPages(web: Hono<WebEnv>, deps: ServiceDeps) {
  const { config } = deps;
  const host = requireViewer(deps, ["owner", "manager"]);
  const list = (c: Context<WebEnv>, extra: { flash?: Flash | null; open?: string; errors?: FieldErrors; values?: Record<string, string> } = {}) =>
    <ConnectionsPage viewer={c.get("viewer")} connections={listConnections(deps, c.get("viewer").accountId, { limit: 200 }).data} {...extra} />;

  const detail = async (c: Context<WebEnv>, id: string, extra: Partial<ConnectionPageProps> = {}) => {
    const viewer = c.get("viewer");
    let devices: ConnectionPageProps["devices"];
    try {
      devices = { ok: true, data: await listConnectionDevices(deps, viewer.accountId, id) };
    } catch (err) {
      if (!(err instanceof ServiceError) || err.kind === "not_found") throw err;
      devices = { ok: false, message: err.message };
    }
    return (
      <ConnectionPage viewer={viewer} connection={getConnection(deps, viewer.accountId, id)} locks={connectionLocks(deps, viewer.accountId, id)}
        devices={devices} properties={propertiesByName(deps, viewer.accountId)} {...extra} />
    );
  };

  web.get("/dashboard/connections", host, (c) => c.html(list(c, { flash: takeFlash(c, config) })));

  web.post("/dashboard/connections", host, async (c) => {
    const form = await c.req.parseBody();
    const provider = typeof form.provider === "string" ? form.provider : "";
    if (!isProvider(provider)) return c.html(list(c, { flash: { kind: "bad", text: "Choose Seam, Home Assistant or Z-Wave JS." } }), 400);
    const values = Object.fromEntries(Object.entries(form).filter(([k, v]) => typeof v === "string" && k.startsWith(`${provider}_`))) as Record<string, string>;
    const bad = (errors: FieldErrors, status: 400 | 403 | 409 = 400) => c.html(list(c, { open: provider, errors, values, flash: { kind: "bad", text: "Connection not saved: please fix the highlighted fields." } }), status);
    const parsed = parseNewConnection(form, provider);
    if (!parsed.ok) return bad(parsed.errors);
    try {
      const created = await createConnection(deps, c.get("viewer").accountId, parsed.input);
      setFlash(c, config, { kind: "ok", text: `Saved ${created.name}: its credential is sealed and will not be shown again. Pick the locks to add below.` });
      return c.redirect(`/dashboard/connections/${created.id}`, 303);
    } catch (err) {
      const r = refusalOn(err, provider);
      return bad(r.errors, r.status);
    }
  });

  web.get("/dashboard/connections/:id", host, async (c) => c.html(await detail(c, c.req.param("id"), { flash: takeFlash(c, config) })));

  web.post("/dashboard/connections/:id/locks", host, async (c) => {
    const id = c.req.param("id");
    const parsed = parsePicks(await c.req.parseBody({ all: true }));
    const bad = async (pickErrors: FieldErrors, status: 400 | 403 | 409) =>
      c.html(await detail(c, id, { pickErrors, flash: { kind: "bad", text: "No lock added: please fix the highlighted rows." } }), status);
    if (!parsed.ok) return bad(parsed.errors, 400);
    try {
      const created = await addPickedLocks(deps, c.get("viewer").accountId, id, parsed.picks);
      setFlash(c, config, { kind: "ok", text: `Added ${created.map((l) => l.name).join(", ")}. Codes for the guests already booked are being planned.` });
      return c.redirect(`/dashboard/connections/${id}`, 303);
    } catch (err) {
      const r = formRefusalOf(err);
      return bad({ form: r.message }, r.status);
    }
  });

  web.post("/dashboard/connections/:id/rotate", host, async (c) => {
    const viewer = c.get("viewer");
    const id = c.req.param("id");
    const { provider } = getConnection(deps, viewer.accountId, id);
    const parsed = parseCredentials(await c.req.parseBody(), provider);
    const bad = async (rotateErrors: FieldErrors, status: 400 | 403 | 409) =>
      c.html(await detail(c, id, { rotateErrors, flash: { kind: "bad", text: "Not replaced: please fix the highlighted fields." } }), status);
    if (!parsed.ok) return bad(parsed.errors, 400);
    try {
      await rotateConnection(deps, viewer.accountId, id, parsed.config);
    } catch (err) {
      const r = refusalOn(err, provider);
      return bad(r.errors, r.status);
    }
    const after = await recheckConnection(deps, viewer.accountId, id);
    setFlash(c, config, after.lastSuccessAt ? { kind: "ok", text: "Replaced: the old credential is no longer used, and the new one works." } : { kind: "bad", text: `Replaced, but the check failed: ${after.lastError ?? "no answer"}.` });
    return c.redirect(`/dashboard/connections/${id}`, 303);
  });

  web.post("/dashboard/connections/:id/check", host, async (c) => {
    const id = c.req.param("id");
    const after = await recheckConnection(deps, c.get("viewer").accountId, id);
    setFlash(c, config, after.lastSuccessAt && !(after.lastErrorAt && after.lastErrorAt > after.lastSuccessAt) ? { kind: "ok", text: "Checked: it answers." } : { kind: "bad", text: `Checked: ${after.lastError ?? "no answer"}.` });
    return c.redirect(`/dashboard/connections/${id}`, 303);
  });

  web.post("/dashboard/connections/:id/delete", host, async (c) => {
    const id = c.req.param("id");
    let left: Awaited<ReturnType<typeof deleteConnection>>;
    try {
      left = await deleteConnection(deps, c.get("viewer").accountId, id);
    } catch (err) {
      const r = formRefusalOf(err);
      setFlash(c, config, { kind: "bad", text: `Not removed: ${r.message}.` });
      return c.redirect(`/dashboard/connections/${id}`, 303);
    }
    setFlash(c, config, left.locksNotReached > 0
      ? { kind: "bad", text: "Connection removed, but its Matter lock did not answer: remove staykey from the lock's connected services in your app." }
      : { kind: "ok", text: "Connection removed; its credential is deleted." });
    return c.redirect("/dashboard/connections", 303);
  });
}
