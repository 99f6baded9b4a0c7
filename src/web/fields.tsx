import type { FieldErrors } from "./property-form";

interface FieldProps {
  name: string;
  label: string;
  value?: string | number | null;
  type?: string;
  errors?: FieldErrors;
  hint?: string;
  required?: boolean;
  min?: number;
  max?: number;
  placeholder?: string;
  /** The id of a <datalist> whose options the browser offers as the host types. */
  list?: string;
  autocomplete?: string;
}

/** A labelled input whose error is tied to it for screen readers (aria-describedby + aria-invalid). */
export function Field(props: FieldProps) {
  const id = `f-${props.name.replace(/\W/g, "-")}`;
  const error = props.errors?.[props.name];
  const describedBy = [error ? `${id}-err` : null, props.hint ? `${id}-hint` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div>
      <label for={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? "text"}
        value={props.value ?? ""}
        required={props.required}
        min={props.min}
        max={props.max}
        placeholder={props.placeholder}
        list={props.list}
        autocomplete={props.autocomplete}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={describedBy}
      />
      {props.hint ? <p id={`${id}-hint`} class="muted small">{props.hint}</p> : null}
      {error ? <p id={`${id}-err`} class="error-text">{error}</p> : null}
    </div>
  );
}

export function TextArea(props: Omit<FieldProps, "type" | "min" | "max">) {
  const id = `f-${props.name.replace(/\W/g, "-")}`;
  const error = props.errors?.[props.name];
  return (
    <div>
      <label for={id}>{props.label}</label>
      <textarea id={id} name={props.name} aria-invalid={error ? "true" : undefined} aria-describedby={error ? `${id}-err` : props.hint ? `${id}-hint` : undefined} placeholder={props.placeholder}>
        {props.value ?? ""}
      </textarea>
      {props.hint ? <p id={`${id}-hint`} class="muted small">{props.hint}</p> : null}
      {error ? <p id={`${id}-err`} class="error-text">{error}</p> : null}
    </div>
  );
}

const ZONES: readonly string[] = (() => {
  try {
    return Intl.supportedValuesOf("timeZone");
  } catch {
    return [];
  }
})();

/**
 * A timezone box that searches as the host types (a native <datalist>: no script, every browser's own search) over
 * every IANA zone Node knows; a name it does not list is still checked by the service.
 */
export function TimezoneField(props: { value?: string | null; errors?: FieldErrors; hint?: string }) {
  return (
    <>
      <Field name="timezone" label="Timezone" value={props.value} errors={props.errors} required list="iana-zones" autocomplete="off"
        hint={props.hint ?? "Type a city to search, such as Lisbon or New York."} />
      <datalist id="iana-zones">
        {ZONES.map((z) => <option value={z} />)}
      </datalist>
    </>
  );
}
