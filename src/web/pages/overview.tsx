import type { Hono } from "hono";
import { requireViewer } from "../auth";
import { CodeBadge, LockHealth, MessageBadge } from "../badges";
import { setFlash, takeFlash } from "../cookies";
import type { WebEnv } from "../env";
import { Field, TimezoneField } from "../fields";
import { Fold } from "../fold";
import { formatInstant, zoned } from "../format";
import type { ServiceDeps } from "../../services/deps";
import { CsrfField, Layout } from "../layout";
import { parseNewProperty, type FieldErrors } from "../property-form";
import { openAlertsByProperty } from "../../services/alerts/open-alerts";
import { locksOf } from "../../services/locks/property-locks";
import { stayAccessStatus } from "../../services/stays/stay-status";
import { createProperty } from "../../services/properties/properties";
import { nextCheckIns, propertiesByName } from "../../services/properties/property-views";
import type { Viewer } from "../../services/web/sessions";

function NewPropertyForm(props: { viewer: Viewer; values?: Record<string, unknown>; errors?: FieldErrors; open: boolean }) {
  const v = (k: string) => (typeof props.values?.[k] === "string" ? (props.values[k] as string) : undefined);
  return (
    <Fold summary="Add a property" open={props.open}>
    <form method="post" action="/dashboard/properties" aria-label="Add a property">
      <CsrfField viewer={props.viewer} />
      <Field name="name" label="Name" value={v("name")} errors={props.errors} required />
      <Field name="address" label="Address (optional)" value={v("address")} errors={props.errors} />
      <div class="row">
        <TimezoneField value={v("timezone") ?? "Europe/London"} errors={props.errors} />
        <Field name="checkInTime" label="Check-in time" type="time" value={v("checkInTime") ?? "16:00"} errors={props.errors} />
        <Field name="checkOutTime" label="Checkout time" type="time" value={v("checkOutTime") ?? "11:00"} errors={props.errors} />
      </div>
      <button type="submit">Add property</button>
    </form>
    </Fold>
  );
}

export function registerOverview(web: Hono<WebEnv>, deps: ServiceDeps) {
  const { db, config } = deps;
  const host = requireViewer(deps, ["owner", "manager"]);

  const render = (viewer: Viewer, form?: { values: Record<string, unknown>; errors: FieldErrors }, flash = null as ReturnType<typeof takeFlash>) => {
    const accountId = viewer.accountId;
    // A member limited to some properties sees only theirs (services/team/scope keeps them off the others' pages).
    const props = propertiesByName(deps, accountId).filter((p) => viewer.propertyIds === null || viewer.propertyIds.includes(p.id));
    const next = nextCheckIns(deps, accountId, props.map((p) => p.id));
    const status = stayAccessStatus(db, accountId, [...next.values()].flatMap((s) => (s ? [s.id] : [])));
    const locksAt = new Map<string, ReturnType<typeof locksOf>>();
    for (const l of locksOf(db, accountId, props.map((p) => p.id))) locksAt.set(l.propertyId, [...(locksAt.get(l.propertyId) ?? []), l]);
    const alerts = openAlertsByProperty(db, accountId);
    const { byProperty } = alerts;
    const all = viewer.propertyIds === null ? alerts.all : [];
    return (
      <Layout title="Properties" viewer={viewer} section="properties" flash={flash ?? (form ? { kind: "bad", text: "Please fix the highlighted fields." } : null)}>
        <h1>Properties</h1>
        {all.length > 0 ? (
          <p class="flash bad">
            <a href="/dashboard/alerts">{all.length} open alert{all.length === 1 ? "" : "s"}</a> need attention.
          </p>
        ) : null}
        {props.length === 0 ? <p class="muted">No properties yet. Add your first one below.</p> : null}
        <div class="grid">
          {props.map((p) => {
            const stay = next.get(p.id);
            const s = stay ? status.get(stay.id) : undefined;
            const propertyAlerts = byProperty.get(p.id) ?? [];
            return (
              <section class="card" aria-labelledby={`p-${p.id}`}>
                <h2 id={`p-${p.id}`} style="margin-top:0">
                  <a href={`/dashboard/properties/${p.id}`}>{p.name}</a>
                </h2>
                <p class="small muted">{p.timezone}</p>
                {stay ? (
                  <p>
                    Next check-in: <strong>{formatInstant(stay.earlyCheckInAt ?? stay.checkInAt, zoned(p, viewer))}</strong>
                    {stay.guestName ? ` · ${stay.guestName}` : ""}
                    <br />
                    {s && s.codeStates.length ? s.codeStates.map((st) => <CodeBadge state={st} />) : <CodeBadge state={null} />} <MessageBadge status={s?.messageStatus} />
                  </p>
                ) : (
                  <p class="muted">No upcoming check-ins.</p>
                )}
                <ul class="plain small" aria-label="Locks">
                  {(locksAt.get(p.id) ?? []).map((l) => (
                    <li>
                      {l.name}: <LockHealth online={l.online} batteryLevel={l.batteryLevel} batteryStatus={l.batteryStatus} />
                    </li>
                  ))}
                </ul>
                <p class="small">
                  {propertyAlerts.length ? <a class="s-bad" href="/dashboard/alerts">{propertyAlerts.length} open alert{propertyAlerts.length === 1 ? "" : "s"}</a> : <span class="s-ok">No open alerts</span>}
                </p>
              </section>
            );
          })}
        </div>
        {viewer.propertyIds === null ? <NewPropertyForm viewer={viewer} values={form?.values} errors={form?.errors} open={props.length === 0 || Boolean(form)} /> : null}
      </Layout>
    );
  };

  web.get("/dashboard/properties", host, (c) => c.html(render(c.get("viewer"), undefined, takeFlash(c, config))));

  web.post("/dashboard/properties", host, async (c) => {
    const viewer = c.get("viewer");
    const form = await c.req.parseBody();
    const parsed = parseNewProperty(form);
    if (!parsed.ok) return c.html(render(viewer, { values: form as Record<string, unknown>, errors: parsed.errors }), 400);
    const created = createProperty(deps, viewer.accountId, parsed.value);
    setFlash(c, config, { kind: "ok", text: `Added ${created.name}. Connect its calendar next.` });
    return c.redirect(`/dashboard/properties/${created.id}`, 303);
  });
}
