import type { Context, Hono } from "hono";
import { WEBHOOK_EVENT_TYPES, isWebhookEventType, type WebhookEventType } from "../../domain/webhooks";
import type { ServiceDeps } from "../../services/deps";
import {
  createWebhookEndpoint, deleteWebhookEndpoint, findWebhookEndpoint, listWebhookDeliveries, listWebhookEndpoints, presentEndpoint, redeliverWebhook,
  rotateWebhookSecret, updateWebhookEndpoint, type PresentedEndpoint, type WebhookDeliveryRow,
} from "../../services/webhooks";
import type { Viewer } from "../../services/web/sessions";
import { requireViewer, viewerActor } from "../auth";
import { setFlash, takeFlash } from "../cookies";
import type { WebEnv } from "../env";
import { Field } from "../fields";
import { formRefusalOf } from "../form-refusal";
import { formatInstant } from "../format";
import { CsrfField, Layout, type Flash } from "../layout";
import type { FieldErrors } from "../property-form";

const utc = (viewer: Viewer) => ({ zone: viewer.timeZone ?? "UTC", locale: "en-US", viewerZone: viewer.timeZone });

function EventChoices(props: { picked: readonly string[]; errors?: FieldErrors }) {
  const error = props.errors?.eventTypes;
  return (
    <fieldset aria-describedby={error ? "f-eventTypes-err" : undefined}>
      <legend>Events</legend>
      {WEBHOOK_EVENT_TYPES.map((type) => (
        <label style="display:inline-block;margin-right:1rem">
          <input type="checkbox" name="eventTypes" value={type} checked={props.picked.includes(type)} /> <code>{type}</code>
        </label>
      ))}
      {error ? <p id="f-eventTypes-err" class="error-text">{error}</p> : null}
    </fieldset>
  );
}

/** The secret, once: it is stored sealed and no page or API answer shows it again. */
function SecretOnce(props: { secret: string }) {
  return (
    <section aria-label="Signing secret" class="card">
      <p><strong>Signing secret</strong> (shown only now; store it with your receiver):</p>
      <p><code>{props.secret}</code></p>
    </section>
  );
}

function WebhooksPage(props: { viewer: Viewer; endpoints: PresentedEndpoint[]; flash: Flash | null; secret?: string; form?: { values: Record<string, unknown>; errors: FieldErrors } }) {
  const picked = (props.form?.values.eventTypes as string[] | undefined) ?? ["stay.created", "stay.changed", "stay.cancelled"];
  return (
    <Layout title="Webhooks" viewer={props.viewer} section="webhooks" flash={props.flash}>
      <h1>Webhooks</h1>
      <p class="muted">Tell your own systems when something happens: staykey POSTs each event you pick to your URL, signed (Standard Webhooks), and retries when it fails.</p>
      {props.secret ? <SecretOnce secret={props.secret} /> : null}
      {props.endpoints.length === 0 ? <p class="muted">No endpoints yet.</p> : null}
      <ul class="plain" aria-label="Endpoints">
        {props.endpoints.map((e) => (
          <li id={`endpoint-${e.id}`}>
            <a href={`/dashboard/webhooks/${e.id}`} style="overflow-wrap:anywhere"><strong>{e.url}</strong></a> <span class={e.status === "enabled" ? "s-ok" : "s-bad"}>{e.status}</span>
            {e.description ? <span class="muted"> · {e.description}</span> : null}
            <p class="small" style="margin:.15rem 0">{e.eventTypes.join(", ")}</p>
            {e.disabledReason ? <p class="small">{e.disabledReason}</p> : null}
          </li>
        ))}
      </ul>
      <h2>Add an endpoint</h2>
      <form method="post" action="/dashboard/webhooks">
        <CsrfField viewer={props.viewer} />
        <Field name="url" label="URL" type="url" required value={props.form?.values.url as string | undefined} errors={props.form?.errors} hint="A public https:// address of your receiver." />
        <Field name="description" label="Description (optional)" value={props.form?.values.description as string | undefined} errors={props.form?.errors} />
        <EventChoices picked={picked} errors={props.form?.errors} />
        <button type="submit">Add endpoint</button>
      </form>
    </Layout>
  );
}

function Attempts(props: { delivery: WebhookDeliveryRow }) {
  return (
    <ol class="small">
      {props.delivery.attempts.map((a) => (
        <li>{a.at}: {a.status === null ? "no answer" : `HTTP ${a.status}`} in {a.durationMs} ms, {a.outcome}{a.error ? ` (${a.error})` : ""}</li>
      ))}
    </ol>
  );
}

function EndpointPage(props: { viewer: Viewer; endpoint: PresentedEndpoint; deliveries: WebhookDeliveryRow[]; flash: Flash | null; secret?: string }) {
  const e = props.endpoint;
  const at = (d: Date | null) => formatInstant(d, utc(props.viewer));
  const post = (action: string, label: string, cls = "secondary") => (
    <form method="post" action={`/dashboard/webhooks/${e.id}/${action}`} style="display:inline-block;margin-right:.5rem">
      <CsrfField viewer={props.viewer} />
      <button type="submit" class={cls}>{label}</button>
    </form>
  );
  return (
    <Layout title="Webhook endpoint" viewer={props.viewer} section="webhooks" flash={props.flash}>
      <p><a href="/dashboard/webhooks">← Webhooks</a></p>
      <h1 style="overflow-wrap:anywhere">{e.url}</h1>
      {props.secret ? <SecretOnce secret={props.secret} /> : null}
      <p>Status: <strong>{e.status}</strong>{e.disabledReason ? ` (${e.disabledReason})` : ""}. Last success: {e.lastSuccessAt ? at(e.lastSuccessAt) : "never"}.</p>
      {e.secretRotatedUntil ? <p class="small">The previous secret also signs until {at(e.secretRotatedUntil)}.</p> : null}
      <div>
        {e.status === "enabled" ? post("disable", "Disable") : post("enable", "Enable")}
        {post("rotate-secret", "Rotate secret")}
        {post("delete", "Delete", "danger")}
      </div>
      <h2>Events</h2>
      <form method="post" action={`/dashboard/webhooks/${e.id}/events`}>
        <CsrfField viewer={props.viewer} />
        <EventChoices picked={e.eventTypes} />
        <button type="submit">Save events</button>
      </form>
      <h2>Deliveries</h2>
      {props.deliveries.length === 0 ? <p class="muted">None yet.</p> : null}
      <ul class="plain" aria-label="Deliveries">
        {props.deliveries.map((d) => (
          <li id={`delivery-${d.id}`}>
            <code>{d.eventType}</code> <strong>{d.status}</strong> <span class="small muted">{d.id} · {at(d.createdAt)}{d.nextAttemptAt ? ` · next try ${at(d.nextAttemptAt)}` : ""}</span>
            <Attempts delivery={d} />
            {d.status !== "pending" ? (
              <form method="post" action={`/dashboard/webhooks/${e.id}/deliveries/${d.id}/redeliver`}>
                <CsrfField viewer={props.viewer} />
                <button type="submit" class="secondary" aria-label={`Redeliver ${d.eventType} ${d.id}`}>Redeliver</button>
              </form>
            ) : null}
          </li>
        ))}
      </ul>
    </Layout>
  );
}

const pickedTypes = (raw: unknown): WebhookEventType[] => (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((v): v is WebhookEventType => typeof v === "string" && isWebhookEventType(v));
const one = (raw: unknown) => (Array.isArray(raw) ? raw[0] : raw);

/** The Webhooks page (owner and manager): endpoints, their events, secrets shown once, and each one's deliveries. */
export function registerWebhookPages(web: Hono<WebEnv>, deps: ServiceDeps) {
  const { config } = deps;
  const host = requireViewer(deps, ["owner", "manager"]);
  const list = (viewer: Viewer) => listWebhookEndpoints(deps, viewer.accountId, { limit: 200 }).data.map((row) => presentEndpoint(deps, row));
  const endpointPage = (c: Context<WebEnv>, id: string, extra: { flash?: Flash | null; secret?: string } = {}) => {
    const viewer = c.get("viewer");
    const endpoint = presentEndpoint(deps, findWebhookEndpoint(deps, viewer.accountId, id));
    // Newest first: what a host checks is what happened last.
    const deliveries = listWebhookDeliveries(deps, viewer.accountId, id, { limit: 200 }).data.reverse().slice(0, 50);
    return <EndpointPage viewer={viewer} endpoint={endpoint} deliveries={deliveries} flash={extra.flash ?? null} {...(extra.secret ? { secret: extra.secret } : {})} />;
  };

  web.get("/dashboard/webhooks", host, (c) => c.html(<WebhooksPage viewer={c.get("viewer")} endpoints={list(c.get("viewer"))} flash={takeFlash(c, config)} />));

  web.post("/dashboard/webhooks", host, async (c) => {
    const viewer = c.get("viewer");
    const form = await c.req.parseBody({ all: true });
    const values = { url: String(one(form.url) ?? ""), description: String(one(form.description) ?? ""), eventTypes: pickedTypes(form.eventTypes) };
    try {
      const created = await createWebhookEndpoint(deps, viewerActor(viewer), { url: values.url, description: values.description || null, eventTypes: values.eventTypes });
      c.header("cache-control", "no-store");
      return c.html(endpointPage(c, created.row.id, { flash: { kind: "ok", text: "Endpoint added." }, secret: created.secret }), 201);
    } catch (err) {
      const refusal = formRefusalOf(err);
      return c.html(<WebhooksPage viewer={viewer} endpoints={list(viewer)} flash={{ kind: "bad", text: refusal.message }} form={{ values, errors: refusal.errors }} />, refusal.status);
    }
  });

  web.get("/dashboard/webhooks/:id", host, (c) => c.html(endpointPage(c, c.req.param("id"), { flash: takeFlash(c, config) })));

  web.post("/dashboard/webhooks/:id/events", host, async (c) => {
    const form = await c.req.parseBody({ all: true });
    try {
      await updateWebhookEndpoint(deps, viewerActor(c.get("viewer")), c.req.param("id"), { eventTypes: pickedTypes(form.eventTypes) });
    } catch (err) {
      const refusal = formRefusalOf(err);
      return c.html(endpointPage(c, c.req.param("id"), { flash: { kind: "bad", text: refusal.message } }), refusal.status);
    }
    setFlash(c, config, { kind: "ok", text: "Events saved." });
    return c.redirect(`/dashboard/webhooks/${c.req.param("id")}`, 303);
  });

  for (const [action, enabled] of [["enable", true], ["disable", false]] as const) {
    web.post(`/dashboard/webhooks/:id/${action}`, host, async (c) => {
      await updateWebhookEndpoint(deps, viewerActor(c.get("viewer")), c.req.param("id"), { enabled });
      setFlash(c, config, { kind: "ok", text: enabled ? "Endpoint enabled. Redeliver what it missed below." : "Endpoint disabled: nothing is sent to it." });
      return c.redirect(`/dashboard/webhooks/${c.req.param("id")}`, 303);
    });
  }

  web.post("/dashboard/webhooks/:id/rotate-secret", host, (c) => {
    const rotated = rotateWebhookSecret(deps, viewerActor(c.get("viewer")), c.req.param("id"));
    c.header("cache-control", "no-store");
    return c.html(endpointPage(c, rotated.row.id, { flash: { kind: "ok", text: "New secret made; the previous one keeps signing for 24 hours." }, secret: rotated.secret }));
  });

  web.post("/dashboard/webhooks/:id/delete", host, async (c) => {
    await deleteWebhookEndpoint(deps, viewerActor(c.get("viewer")), c.req.param("id"));
    setFlash(c, config, { kind: "ok", text: "Endpoint deleted." });
    return c.redirect("/dashboard/webhooks", 303);
  });

  web.post("/dashboard/webhooks/:id/deliveries/:deliveryId/redeliver", host, async (c) => {
    await redeliverWebhook(deps, c.get("viewer").accountId, c.req.param("id"), c.req.param("deliveryId"));
    setFlash(c, config, { kind: "ok", text: "Sending it again." });
    return c.redirect(`/dashboard/webhooks/${c.req.param("id")}`, 303);
  });
}
