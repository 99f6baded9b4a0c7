import type { Context, Hono } from "hono";
import { CHECKIN_PLATFORMS, PLATFORM_NAMES, checkinMessageText } from "../../domain/guests/checkin-messages";
import { guestLinkUrl } from "../../routes/guest-link-url";
import { checkinPath } from "../../services/guests/guest-links";
import { findProperty } from "../../services/lookups";
import { updateProperty, type PropertyRow } from "../../services/properties/properties";
import type { ServiceDeps } from "../../services/deps";
import type { Viewer } from "../../services/web/sessions";
import { requireViewer } from "../auth";
import { setFlash, takeFlash } from "../cookies";
import type { WebEnv } from "../env";
import { Field, TextArea } from "../fields";
import { CsrfField, Layout, type Flash } from "../layout";
import { parsePropertySettings, type FieldErrors } from "../property-form";
import { COPY_SCRIPT_PATH, CopyBox } from "./copy-script";
import { PropertyTabs } from "./property-tabs";

const GUEST_FIELDS = ["checkInInstructions", "wifiName", "wifiPassword", "houseNotes", "codeRevealLeadMinutes", "unreachableAlertLeadMinutes"] as const;

function GuestPageSettings(props: { viewer: Viewer; property: PropertyRow; link: string; values: Record<string, unknown>; errors?: FieldErrors; flash?: Flash | null }) {
  const p = props.property;
  const v = (k: string) => {
    const x = props.values[k];
    return typeof x === "string" || typeof x === "number" ? x : null;
  };
  return (
    <Layout title={`${p.name}: guest page`} viewer={props.viewer} section="properties" flash={props.flash}>
      <h1>{p.name}</h1>
      <PropertyTabs propertyId={p.id} current="guest" name={p.name} />
      <section class="card" aria-labelledby="checkin-link">
        <h2 id="checkin-link" style="margin-top:0">Check-in link</h2>
        <p class="small">Guests open this link, enter their reservation code and the last 4 digits of their phone, and see their door code once the lock confirmed it. Paste it once into each platform's scheduled messages; it never changes.</p>
        <CopyBox id="checkin-url" label="Check-in link" value={props.link} />
        {CHECKIN_PLATFORMS.map((platform) => (
          <CopyBox id={`paste-${platform}`} label={`Message to paste into ${PLATFORM_NAMES[platform]}'s scheduled messages`} value={checkinMessageText(platform, p.name, props.link)} multiline />
        ))}
        <p class="small muted">VRBO's and Booking.com's calendars carry no phone digits, so their guests cannot find their stay with the check-in link alone: each stay's page has the guest's own link to send them.</p>
      </section>
      <form method="post" action={`/dashboard/properties/${p.id}/guest-page`} class="card" aria-labelledby="guest-settings">
        <h2 id="guest-settings" style="margin-top:0">What the guest page shows</h2>
        <CsrfField viewer={props.viewer} />
        <TextArea name="checkInInstructions" label="Arrival instructions" value={v("checkInInstructions")} errors={props.errors} />
        <div class="row">
          <Field name="wifiName" label="Wi-Fi network" value={v("wifiName")} errors={props.errors} />
          <Field name="wifiPassword" label="Wi-Fi password" value={v("wifiPassword")} errors={props.errors} />
        </div>
        <TextArea name="houseNotes" label="House notes" value={v("houseNotes")} errors={props.errors} />
        <div class="row">
          <Field name="codeRevealLeadMinutes" label="Show the code from (min before check-in)" type="number" min={0} max={20160} value={v("codeRevealLeadMinutes")} errors={props.errors} />
          <Field name="unreachableAlertLeadMinutes" label="Warn me about unreachable guests (min before check-in)" type="number" min={0} max={20160} value={v("unreachableAlertLeadMinutes")} errors={props.errors} />
        </div>
        <button type="submit">Save guest page</button>
      </form>
      <script src={COPY_SCRIPT_PATH} defer></script>
    </Layout>
  );
}

const valuesOf = (p: PropertyRow) => Object.fromEntries(GUEST_FIELDS.map((k) => [k, p[k] ?? ""]));

/** The property's "Guest page" tab: its check-in link, the texts to paste into each platform, and what the page shows. */
export function registerPropertyGuestPage(web: Hono<WebEnv>, deps: ServiceDeps) {
  const host = requireViewer(deps, ["owner", "manager"]);
  const render = (c: Context<WebEnv>, property: PropertyRow, extra: { values?: Record<string, unknown>; errors?: FieldErrors; flash?: Flash | null } = {}) =>
    <GuestPageSettings viewer={c.get("viewer")} property={property} link={guestLinkUrl(deps, c, checkinPath(deps.box, property))} values={extra.values ?? valuesOf(property)} errors={extra.errors} flash={extra.flash} />;

  web.get("/dashboard/properties/:id/guest-page", host, (c) =>
    c.html(render(c, findProperty(deps.db, c.get("viewer").accountId, c.req.param("id")), { flash: takeFlash(c, deps.config) })));

  web.post("/dashboard/properties/:id/guest-page", host, async (c) => {
    const viewer = c.get("viewer");
    const property = findProperty(deps.db, viewer.accountId, c.req.param("id"));
    const form = await c.req.parseBody();
    const only = Object.fromEntries(GUEST_FIELDS.filter((k) => typeof form[k] === "string").map((k) => [k, form[k] as string]));
    const parsed = parsePropertySettings(only);
    if (!parsed.ok) return c.html(render(c, property, { values: only, errors: parsed.errors, flash: { kind: "bad", text: "Not saved: please fix the highlighted fields." } }), 400);
    updateProperty(deps, viewer.accountId, property.id, parsed.value);
    setFlash(c, deps.config, { kind: "ok", text: "Guest page saved." });
    return c.redirect(`/dashboard/properties/${property.id}/guest-page`, 303);
  });
}
