import type { Context, Hono } from "hono";
import type { ServiceDeps } from "../../services/deps";
import { grantInput, type GrantInput } from "../../services/grants/grant-input";
import { grantView, type GrantView } from "../../services/grants/grant-view";
import { createGrant, findGrant, listGrants, resendGrant, revokeGrant, updateGrant } from "../../services/grants/grants";
import { propertyLocks } from "../../services/locks/locks";
import { propertiesByName } from "../../services/properties/property-views";
import type { Viewer } from "../../services/web/sessions";
import { requireViewer } from "../auth";
import { setFlash, takeFlash } from "../cookies";
import type { WebEnv } from "../env";
import { Field, TextArea } from "../fields";
import { formRefusalOf } from "../form-refusal";
import { formatInstant, formatWindow } from "../format";
import { CsrfField, Layout, type Flash } from "../layout";
import type { FieldErrors } from "../property-form";
import { WebError } from "../web-error";

type FormValues = Record<string, string | string[]>;
interface Place { id: string; name: string; timezone: string; locks: Array<{ id: string; name: string }> }

const KINDS = [
  ["window", "A time window (a contractor, a visitor)"],
  ["recurring", "Every week (pool service, a gardener)"],
  ["always", "Always, until I revoke it (family, my own code)"],
  ["limited_uses", "A number of entries within a window (a delivery)"],
] as const;
const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const STATUS_WORDS = { active: "Active", ended: "Ended", revoked: "Revoked" } as const;

/** When a grant's code works, in words, in its property's zone. */
function scheduleWords(v: GrantView, zone: string): string {
  const g = v.grant;
  if (g.kind === "always") return "Always, until revoked";
  if (g.kind === "recurring") {
    const r = g.recurrence!;
    const until = g.endsAt ? `, until ${formatInstant(new Date(g.endsAt.getTime() - 1), zone).slice(0, 15)}` : "";
    return `Every ${r.weekdays.map((d) => WEEKDAYS[d - 1]).join(", ")}, ${r.startTime}–${r.endTime}${until}`;
  }
  const uses = g.kind === "limited_uses" ? ` · ${g.usesSeen} of ${g.maxUses} ${g.maxUses === 1 ? "entry" : "entries"} used` : "";
  return `${formatWindow(g.startsAt, g.endsAt!, zone)}${uses}`;
}

function GrantItem(props: { viewer: Viewer; v: GrantView; place: Place | undefined }) {
  const { v, viewer } = props;
  const g = v.grant;
  const zone = props.place?.timezone ?? "UTC";
  const states = [...new Set(v.codes.filter((c) => c.state !== "cancelled").map((c) => c.state))];
  const live = v.status === "active";
  return (
    <li class="card" data-testid="grant" id={`grant-${g.id}`}>
      <h3 style="margin-top:0">{g.name} <span class="small muted">· {STATUS_WORDS[v.status]}</span></h3>
      <p class="small" style="margin:.25rem 0">
        {props.place?.name ?? ""}: {v.locks.map((l) => l.name).join(", ") || "no lock"} · {scheduleWords(v, zone)}
      </p>
      <p class="small muted" style="margin:.25rem 0">
        Codes: {states.length ? states.join(", ") : "none yet"} · PIN {g.pinSource === "host" ? "chosen by you" : "chosen by staykey"}
        {g.sentAt ? ` · sent ${formatInstant(g.sentAt, zone)}` : " · not sent yet"}
      </p>
      {v.usesNote ? <p class="small muted" style="margin:.25rem 0">{v.usesNote}</p> : null}
      {g.note ? <p class="small" style="margin:.25rem 0">{g.note}</p> : null}
      {live ? (
        <div class="row" style="gap:.5rem;flex-wrap:wrap">
          {g.kind === "window" || g.kind === "limited_uses" || g.kind === "recurring" ? (
            <form method="post" action={`/dashboard/access/${g.id}/extend`}>
              <CsrfField viewer={viewer} />
              {g.kind === "recurring" ? (
                <div>
                  <label for={`until-${g.id}`}>New last date for {g.name} (empty: until revoked)</label>
                  <input id={`until-${g.id}`} name="untilDate" type="date" />
                </div>
              ) : (
                <div>
                  <label for={`to-${g.id}`}>New end for {g.name} ({zone} time)</label>
                  <input id={`to-${g.id}`} name="to" type="datetime-local" required />
                </div>
              )}
              <button type="submit" class="secondary">Change end</button>
            </form>
          ) : null}
          <form method="post" action={`/dashboard/access/${g.id}/resend`}>
            <CsrfField viewer={viewer} />
            <button type="submit" class="secondary" aria-label={`Resend code to ${g.name}`}>Resend code</button>
          </form>
          <form method="post" action={`/dashboard/access/${g.id}/revoke`}>
            <CsrfField viewer={viewer} />
            <button type="submit" aria-label={`Revoke ${g.name}'s access`}>Revoke</button>
          </form>
        </div>
      ) : null}
    </li>
  );
}

function NewGrantForm(props: { viewer: Viewer; places: Place[]; values: FormValues; errors: FieldErrors }) {
  const { values, errors, viewer } = props;
  const v = (k: string) => (typeof values[k] === "string" ? (values[k] as string) : "");
  const picked = (k: string) => new Set([values[k] ?? []].flat());
  const kind = v("kind") || "window";
  return (
    <form method="post" action="/dashboard/access" aria-labelledby="new-grant-h">
      <h2 id="new-grant-h">Give someone access</h2>
      <CsrfField viewer={viewer} />
      <div>
        <label for="f-propertyId">Property</label>
        <select id="f-propertyId" name="propertyId" aria-invalid={errors.propertyId ? "true" : undefined} aria-describedby={errors.propertyId ? "f-propertyId-err" : undefined}>
          {props.places.map((p) => <option value={p.id} selected={v("propertyId") === p.id}>{p.name}</option>)}
        </select>
        {errors.propertyId ? <p id="f-propertyId-err" class="error-text">{errors.propertyId}</p> : null}
      </div>
      <fieldset>
        <legend>Doors (none ticked: every door of the property, shared doors included)</legend>
        {props.places.flatMap((p) => p.locks.map((l) => (
          <label><input type="checkbox" name="lockIds" value={l.id} checked={picked("lockIds").has(l.id)} /> {p.name}: {l.name}</label>
        )))}
        {errors.lockIds ? <p class="error-text">{errors.lockIds}</p> : null}
      </fieldset>
      <Field name="name" label="Name" value={v("name")} errors={errors} required />
      <Field name="phone" type="tel" label="Mobile (E.164, e.g. +14155550123)" value={v("phone")} errors={errors} hint="The code is texted here; without one, it is emailed." />
      <Field name="email" type="email" label="Email" value={v("email")} errors={errors} />
      <fieldset>
        <legend>When the code works</legend>
        {KINDS.map(([k, words]) => <label><input type="radio" name="kind" value={k} checked={kind === k} /> {words}</label>)}
        {errors.kind ? <p class="error-text">{errors.kind}</p> : null}
      </fieldset>
      <fieldset>
        <legend>Window or entries (property local time)</legend>
        <Field name="from" type="datetime-local" label="From" value={v("from")} errors={errors} />
        <Field name="to" type="datetime-local" label="To" value={v("to")} errors={errors} />
        <Field name="uses" type="number" label="Entries (for a number of entries)" value={v("uses")} errors={errors} min={1} max={100} />
      </fieldset>
      <fieldset>
        <legend>Every week</legend>
        {WEEKDAYS.map((d, i) => <label><input type="checkbox" name="weekdays" value={String(i + 1)} checked={picked("weekdays").has(String(i + 1))} /> {d}</label>)}
        {errors.weekdays ? <p class="error-text">{errors.weekdays}</p> : null}
        <Field name="startTime" type="time" label="Starts at" value={v("startTime")} errors={errors} />
        <Field name="endTime" type="time" label="Ends at" value={v("endTime")} errors={errors} />
        <Field name="untilDate" type="date" label="Last date (optional)" value={v("untilDate")} errors={errors} />
      </fieldset>
      <Field name="pin" label="PIN (optional: leave empty and staykey picks one that works on every door)" value={v("pin")} errors={errors} />
      <TextArea name="note" label="Note (only you see it)" value={v("note")} errors={errors} />
      <button type="submit">Give access</button>
    </form>
  );
}

function AccessPage(props: { viewer: Viewer; places: Place[]; grants: GrantView[]; values: FormValues; errors: FieldErrors; flash?: Flash | null; created?: { name: string; pin: string } }) {
  const placeOf = (id: string) => props.places.find((p) => p.id === id);
  return (
    <Layout title="Access" viewer={props.viewer} section="access" flash={props.flash}>
      <h1>Access for everyone else</h1>
      {props.created ? (
        <section class="card" aria-labelledby="created-h">
          <h2 id="created-h">Access given to {props.created.name}</h2>
          <p>Their PIN is <strong>{props.created.pin}</strong>. It is sent to them once every door has confirmed it; this page shows it only now.</p>
        </section>
      ) : null}
      <section aria-labelledby="grants-h">
        <h2 id="grants-h">Current and past access</h2>
        {props.grants.length === 0 ? <p class="muted">Nobody yet: contractors, cleaners' helpers, family and deliveries get their own code here.</p> : null}
        <ul class="plain">{props.grants.map((v) => <GrantItem viewer={props.viewer} v={v} place={placeOf(v.grant.propertyId)} />)}</ul>
      </section>
      {props.places.length ? <NewGrantForm viewer={props.viewer} places={props.places} values={props.values} errors={props.errors} /> : <p>Add a property and a lock first.</p>}
    </Layout>
  );
}

const str = (form: FormValues, k: string) => (typeof form[k] === "string" ? (form[k] as string).trim() : "");
const list = (form: FormValues, k: string) => [form[k] ?? []].flat().filter((x): x is string => typeof x === "string" && x !== "");

/** The form as the API's body: only the fields of the chosen schedule, empty fields left out. */
function grantFields(form: FormValues): Record<string, unknown> {
  const kind = str(form, "kind") || "window";
  const opt = (k: string) => (str(form, k) ? { [k]: str(form, k) } : {});
  const schedule = kind === "always" ? { kind }
    : kind === "recurring" ? { kind, weekdays: list(form, "weekdays").map(Number), startTime: str(form, "startTime"), endTime: str(form, "endTime"), ...opt("untilDate") }
    : { kind, from: str(form, "from"), to: str(form, "to"), ...(kind === "limited_uses" ? { uses: Number(str(form, "uses") || "0") } : {}) };
  const lockIds = list(form, "lockIds");
  return { ...(lockIds.length ? { lockIds } : opt("propertyId")), ...opt("name"), ...opt("phone"), ...opt("email"), ...opt("pin"), ...opt("note"), schedule };
}

/** zod's issues beside the inputs: a schedule field's error goes beside that field. */
function grantErrors(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of issues) {
    const [head, sub] = issue.path.map(String);
    const key = head === "schedule" ? sub ?? "kind" : head ?? "form";
    out[key] ??= issue.message;
  }
  return out;
}

/** `/dashboard/access`: the host's manual access grants (list, give, change the end, resend, revoke). */
export function registerAccessGrantPages(web: Hono<WebEnv>, deps: ServiceDeps) {
  const { config } = deps;
  const host = requireViewer(deps, ["owner", "manager"]);
  const inScope = (viewer: Viewer, propertyId: string) => viewer.propertyIds === null || viewer.propertyIds.includes(propertyId);

  const places = (viewer: Viewer): Place[] =>
    propertiesByName(deps, viewer.accountId).filter((p) => inScope(viewer, p.id))
      .map((p) => ({ id: p.id, name: p.name, timezone: p.timezone, locks: propertyLocks(deps, viewer.accountId, p.id).map((l) => ({ id: l.id, name: l.name })) }));

  const render = (c: Context<WebEnv>, extra: { values?: FormValues; errors?: FieldErrors; flash?: Flash | null; created?: { name: string; pin: string } } = {}) => {
    const viewer = c.get("viewer");
    const grants = listGrants(deps, viewer.accountId, { limit: 200 }).data.filter((g) => inScope(viewer, g.propertyId)).reverse().map((g) => grantView(deps, g));
    return <AccessPage viewer={viewer} places={places(viewer)} grants={grants} values={extra.values ?? {}} errors={extra.errors ?? {}} flash={extra.flash} created={extra.created} />;
  };

  /** A grant of a property outside a member's properties reads like a missing one. */
  const scopedGrant = (viewer: Viewer, id: string) => {
    const grant = findGrant(deps.db, viewer.accountId, id);
    if (!inScope(viewer, grant.propertyId)) throw new WebError(404, "That access grant does not exist.");
    return grant;
  };
  const actor = (viewer: Viewer) => `user:${viewer.userId}`;

  web.get("/dashboard/access", host, (c) => c.html(render(c, { flash: takeFlash(c, config) })));

  web.post("/dashboard/access", host, async (c) => {
    const viewer = c.get("viewer");
    const values = (await c.req.parseBody({ all: true })) as FormValues;
    const parsed = grantInput.safeParse(grantFields(values));
    if (!parsed.success) return c.html(render(c, { values, errors: grantErrors(parsed.error.issues), flash: { kind: "bad", text: "Please fix the highlighted fields." } }), 400);
    const input: GrantInput = parsed.data;
    const propertyId = input.propertyId ?? places(viewer).find((p) => p.locks.some((l) => input.lockIds?.includes(l.id)))?.id;
    if (!propertyId || !inScope(viewer, propertyId)) return c.html(render(c, { values, errors: { propertyId: "is not one of your properties" }, flash: { kind: "bad", text: "Please fix the highlighted fields." } }), 400);
    try {
      const { grant, pin } = await createGrant(deps, viewer.accountId, input, actor(viewer));
      return c.html(render(c, { created: { name: grant.name, pin } }), 201);
    } catch (err) {
      const refusal = formRefusalOf(err);
      const errors = Object.fromEntries(Object.entries(refusal.errors).map(([k, m]) => [k.replace(/^schedule\./, ""), m]));
      return c.html(render(c, { values, errors, flash: { kind: "bad", text: refusal.message } }), refusal.status);
    }
  });

  web.post("/dashboard/access/:id/extend", host, async (c) => {
    const viewer = c.get("viewer");
    const grant = scopedGrant(viewer, c.req.param("id"));
    const form = (await c.req.parseBody()) as FormValues;
    const patch = grant.kind === "recurring" ? { untilDate: str(form, "untilDate") || null } : { to: str(form, "to") };
    try {
      await updateGrant(deps, viewer.accountId, grant.id, patch, actor(viewer));
      setFlash(c, config, { kind: "ok", text: `${grant.name}'s access now ends at the new time; the code stays the same.` });
    } catch (err) {
      setFlash(c, config, { kind: "bad", text: formRefusalOf(err).message });
    }
    return c.redirect(`/dashboard/access#grant-${grant.id}`, 303);
  });

  web.post("/dashboard/access/:id/resend", host, async (c) => {
    const viewer = c.get("viewer");
    const grant = scopedGrant(viewer, c.req.param("id"));
    try {
      await resendGrant(deps, viewer.accountId, grant.id, actor(viewer));
      setFlash(c, config, { kind: "ok", text: `The code is on its way to ${grant.name} again.` });
    } catch (err) {
      setFlash(c, config, { kind: "bad", text: formRefusalOf(err).message });
    }
    return c.redirect(`/dashboard/access#grant-${grant.id}`, 303);
  });

  web.post("/dashboard/access/:id/revoke", host, async (c) => {
    const viewer = c.get("viewer");
    const grant = scopedGrant(viewer, c.req.param("id"));
    await revokeGrant(deps, viewer.accountId, grant.id, actor(viewer));
    setFlash(c, config, { kind: "ok", text: `${grant.name}'s access is revoked: the code is being removed from every door.` });
    return c.redirect("/dashboard/access", 303);
  });
}
