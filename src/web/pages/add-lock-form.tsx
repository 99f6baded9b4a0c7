import type { ConnectionChoice } from "../../services/locks/connections";
import type { Viewer } from "../../services/web/sessions";
import { CsrfField } from "../layout";
import type { FieldErrors } from "../property-form";

export interface AddLockState {
  values: Record<string, unknown>;
  errors?: FieldErrors;
}

const PROVIDERS = [
  { value: "simulated", label: "Simulated (no hardware)" },
  { value: "seam", label: "Seam" },
  { value: "home_assistant", label: "Home Assistant" },
  { value: "zwave_js", label: "Z-Wave JS (zwave-js-server)" },
  { value: "matter", label: "Matter" },
] as const;

const str = (v: unknown) => (typeof v === "string" ? v : "");

// Ids carry a prefix of their own: the settings form on the same page has a "name" field too.
function Labelled(props: { name: string; label: string; errors?: FieldErrors; hint?: string; control: (a: Record<string, string | undefined>) => unknown }) {
  const id = `lock-${props.name}`;
  const error = props.errors?.[props.name];
  const describedBy = [error ? `${id}-err` : null, props.hint ? `${id}-hint` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div>
      <label for={id}>{props.label}</label>
      {props.control({ id, name: props.name, "aria-invalid": error ? "true" : undefined, "aria-describedby": describedBy })}
      {props.hint ? <p id={`${id}-hint`} class="muted small">{props.hint}</p> : null}
      {error ? <p id={`${id}-err`} class="error-text">{error}</p> : null}
    </div>
  );
}

/** Without scripts every field is shown; the hints say which provider needs which. */
export function AddLockForm(props: { viewer: Viewer; propertyId: string; connections: ConnectionChoice[]; state: AddLockState }) {
  const { values, errors } = props.state;
  const provider = str(values.provider) || "simulated";
  const connection = str(values.connectionId);
  const groups = PROVIDERS.filter((p) => p.value !== "simulated").map((p) => ({ ...p, items: props.connections.filter((c) => c.provider === p.value) }));
  return (
    <form method="post" action={`/dashboard/properties/${props.propertyId}/locks`} aria-label="Add a lock">
      <CsrfField viewer={props.viewer} />
      {errors?.form ? <p class="error-text">{errors.form}</p> : null}
      <Labelled name="name" label="Lock name" errors={errors} control={(a) => <input {...a} value={str(values.name)} required placeholder="Front door" />} />
      <Labelled name="provider" label="Provider" errors={errors} control={(a) => (
        <select {...a}>{PROVIDERS.map((p) => <option value={p.value} selected={p.value === provider}>{p.label}</option>)}</select>
      )} />
      <Labelled name="providerDeviceId" label="Provider device id" errors={errors}
        hint="Seam's device_id, the Home Assistant lock entity (lock.front_door), the Z-Wave JS node id (5), or the Matter node and endpoint from the connection's device list (peer1/1). Any unique name for a simulated lock."
        control={(a) => <input {...a} value={str(values.providerDeviceId)} required />} />
      <Labelled name="connectionId" label="Connection" errors={errors} hint="Required for Seam, Home Assistant, Z-Wave JS and Matter locks; a simulated lock takes none." control={(a) => (
        <select {...a}>
          <option value="" selected={connection === ""}>None</option>
          {groups.map((g) => (g.items.length ? <optgroup label={g.label}>{g.items.map((c) => <option value={c.id} selected={c.id === connection}>{c.name}</option>)}</optgroup> : null))}
        </select>
      )} />
      <Labelled name="slotCapacity" label="Slot capacity" errors={errors} hint="How many codes the keypad holds at once (Seam, Home Assistant or Z-Wave JS; not a simulated lock). Empty: what the lock reports (at most 10 for Z-Wave JS), or 10 for Home Assistant."
        control={(a) => <input {...a} type="number" min={1} max={1000} value={str(values.slotCapacity)} />} />
      <button type="submit">Add lock</button>
    </form>
  );
}
