import { DEFAULT_TEMPLATES, TEMPLATE_PLACEHOLDERS } from "../../domain/messages";
import type { PropertyRow as Property } from "../../services/properties/properties";
import type { Viewer } from "../../services/web/sessions";
import { Field, TextArea, TimezoneField } from "../fields";
import { CsrfField, Layout, type Flash } from "../layout";
import { PropertyTabs } from "./property-tabs";
import type { FieldErrors } from "../property-form";

export interface SettingsState {
  /** What the form shows: the saved row, or what the host typed when it did not validate or was only previewed. */
  values: Record<string, unknown>;
  errors?: FieldErrors;
  preview?: { template: string; text: string; note?: string } | null;
}

const TEMPLATE_LABELS = {
  guest_code: "Guest code message",
  guest_update: "Guest update message",
  cleaner_schedule: "Cleaner schedule message",
} as const;

/** What a host needs beside a template box: the built-in text it falls back to, and every {{variable}} it may use. */
function TemplateHelp(props: { name: keyof typeof TEMPLATE_LABELS }) {
  return (
    <details class="small">
      <summary>Default text and variables</summary>
      <pre class="preview" data-testid={`default-${props.name}`}>{DEFAULT_TEMPLATES[props.name]}</pre>
      <p>Variables: {TEMPLATE_PLACEHOLDERS[props.name].map((p) => <code>{`{{${p}}}`} </code>)}</p>
      {TEMPLATE_PLACEHOLDERS[props.name].includes("guest_link") ? <p class="muted">{"{{guest_link}}"} is the stay's own guest page (needs STAYKEY_PUBLIC_URL); a line whose variables are all empty is left out.</p> : null}
    </details>
  );
}

export function settingsFromRow(p: Property): Record<string, unknown> {
  const out: Record<string, unknown> = { ...p };
  for (const [k, v] of Object.entries(p.templates ?? {})) out[`templates.${k}`] = v;
  return out;
}

export function SettingsForm(props: { viewer: Viewer; property: Property; state: SettingsState }) {
  const { values, errors, preview } = props.state;
  const v = (k: string) => {
    const x = values[k];
    return typeof x === "string" || typeof x === "number" ? x : null;
  };
  return (
    <form method="post" action={`/dashboard/properties/${props.property.id}/settings`} class="card" aria-label="Settings">
      <CsrfField viewer={props.viewer} />
      {/* Enter in a text box submits the first button: make that Save, not a preview. */}
      <button type="submit" name="save" value="1" tabindex={-1} aria-hidden="true" style="position:absolute;left:-9999px">
        Save
      </button>
      <Field name="name" label="Name" value={v("name")} errors={errors} required />
      <Field name="address" label="Address" value={v("address")} errors={errors} />
      <div class="row">
        <TimezoneField value={v("timezone") as string | null} errors={errors} />
        <Field name="checkInTime" label="Check-in time" type="time" value={v("checkInTime")} errors={errors} />
        <Field name="checkOutTime" label="Checkout time" type="time" value={v("checkOutTime")} errors={errors} />
        <Field name="earlyBufferMinutes" label="Early buffer (min)" type="number" min={0} max={1440} value={v("earlyBufferMinutes")} errors={errors} />
        <Field name="lateBufferMinutes" label="Late buffer (min)" type="number" min={0} max={1440} value={v("lateBufferMinutes")} errors={errors} />
        <Field name="backupLeadMinutes" label="Spare code if not confirmed (min before check-in)" type="number" min={0} max={1440} value={v("backupLeadMinutes")} errors={errors} />
        <Field name="codeLength" label="Code length" type="number" min={4} max={8} value={v("codeLength")} errors={errors} />
      </div>
      <label for="f-codeStrategy">Code strategy</label>
      <select id="f-codeStrategy" name="codeStrategy">
        <option value="random" selected={v("codeStrategy") === "random"}>Random PIN</option>
        <option value="phone_last4" selected={v("codeStrategy") === "phone_last4"}>Last 4 digits of the guest's phone</option>
      </select>
      <h2>Message templates</h2>
      <p class="muted small">Leave a template empty to use the built-in text.</p>
      {(Object.keys(TEMPLATE_LABELS) as (keyof typeof TEMPLATE_LABELS)[]).map((name) => (
        <>
          <TextArea name={`templates.${name}`} label={TEMPLATE_LABELS[name]} value={v(`templates.${name}`)} errors={errors} />
          <TemplateHelp name={name} />
          <button type="submit" class="secondary" name="preview" value={name}>
            Preview {TEMPLATE_LABELS[name].toLowerCase()}
          </button>
          {preview && preview.template === name ? (
            <section aria-label={`Preview of ${TEMPLATE_LABELS[name].toLowerCase()}`} aria-live="polite">
              <h3>Preview</h3>
              <p class="preview" data-testid="template-preview">{preview.text}</p>
              {preview.note ? <p class="muted small">{preview.note}</p> : null}
            </section>
          ) : null}
        </>
      ))}
      <div>
        <button type="submit" name="save" value="1">Save settings</button>
      </div>
    </form>
  );
}

/** A property's settings on a page of their own, away from its day-to-day view. */
export function PropertySettingsPage(props: { viewer: Viewer; property: Property; state: SettingsState; flash?: Flash | null }) {
  const p = props.property;
  return (
    <Layout title={`Settings · ${p.name}`} viewer={props.viewer} section="properties" flash={props.flash}>
      <h1>{p.name}</h1>
      <PropertyTabs propertyId={p.id} current="settings" name={p.name} />
      <SettingsForm viewer={props.viewer} property={p} state={props.state} />
    </Layout>
  );
}
