import { zoneLabel } from "../../domain/time";
import { ServiceError } from "../../services/errors";
import type { ManualStayInput } from "../../services/stays/manual-stay";
import { stayInput } from "../../services/stays/stay-input";
import type { Viewer } from "../../services/web/sessions";
import { Field } from "../fields";
import { Fold } from "../fold";
import { CsrfField } from "../layout";
import type { FieldErrors } from "../property-form";

const FIELDS = ["checkInDate", "checkOutDate", "earlyCheckInAt", "lateCheckOutAt", "guestName", "guestPhone", "guestEmail"] as const;

export interface ManualStayFormState {
  values: Record<string, string>;
  errors?: FieldErrors;
}

/** What the host typed, trimmed; an empty box is left out, as the API's body would leave it out. */
export function manualStayValues(form: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(FIELDS.map((k) => [k, typeof form[k] === "string" ? (form[k] as string).trim() : ""]));
}

/**
 * The form read by the API's own schema (stayInput), so the dashboard refuses exactly what POST /stays refuses. Times
 * are the property's wall clock (`HH:MM`), which the service reads in the property's zone.
 */
export function parseManualStay(propertyId: string, values: Record<string, string>): { ok: true; value: ManualStayInput } | { ok: false; errors: FieldErrors } {
  const body: Record<string, string> = { propertyId };
  for (const k of FIELDS) if (values[k]) body[k] = k === "guestPhone" ? values[k]!.replace(/[\s().-]/g, "") : values[k]!;
  const parsed = stayInput.safeParse(body);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, errors: Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0] ?? "checkInDate"), i.message])) };
}

/** A service refusal (dates, overrides) beside the field it names. */
export function manualStayRefusal(err: unknown): FieldErrors {
  if (!(err instanceof ServiceError) || err.kind === "not_found") throw err;
  const fields = err.fields ?? [];
  return fields.length ? Object.fromEntries(fields.map((f) => [f.path, f.message])) : { checkInDate: err.message };
}

/** "Add a stay by hand" on a property's page: dates and times as the clock at the property shows them, and saying so. */
export function ManualStayForm(props: { viewer: Viewer; property: { id: string; name: string; timezone: string; checkInTime: string; checkOutTime: string }; state?: ManualStayFormState }) {
  const p = props.property;
  const v = props.state?.values ?? {};
  const errors = props.state?.errors;
  const zone = `${zoneLabel(p.timezone)}, ${p.timezone}`;
  return (
    <Fold summary="Add a stay by hand" open={Boolean(errors)} id="add-stay">
      <form method="post" action={`/dashboard/properties/${p.id}/stays`} aria-describedby="add-stay-hint">
        <CsrfField viewer={props.viewer} />
        <p id="add-stay-hint" class="muted small">
          For a booking no calendar brings in (a direct booking, a friend). Dates and times are as the clock at {p.name} shows them ({zone}): the guest's code opens at {p.checkInTime} on the check-in date and stops at {p.checkOutTime} on the checkout date, unless you set other times.
        </p>
        <div class="row">
          <Field name="checkInDate" label={`Check-in date (${zoneLabel(p.timezone)})`} type="date" value={v.checkInDate} errors={errors} required />
          <Field name="checkOutDate" label={`Checkout date (${zoneLabel(p.timezone)})`} type="date" value={v.checkOutDate} errors={errors} required />
        </div>
        <div class="row">
          <Field name="earlyCheckInAt" label="Early check-in time (optional)" type="time" value={v.earlyCheckInAt} errors={errors} hint={`Before ${p.checkInTime}, local time.`} />
          <Field name="lateCheckOutAt" label="Late checkout time (optional)" type="time" value={v.lateCheckOutAt} errors={errors} hint={`After ${p.checkOutTime}, local time.`} />
        </div>
        <Field name="guestName" label="Guest name" value={v.guestName} errors={errors} autocomplete="off" />
        <Field name="guestPhone" label="Guest mobile phone (optional)" type="tel" value={v.guestPhone} errors={errors} hint="With country code, such as +14155550123. The code is texted here once the lock confirms it." autocomplete="off" />
        <Field name="guestEmail" label="Guest email (optional)" type="email" value={v.guestEmail} errors={errors} autocomplete="off" />
        <button type="submit">Add stay</button>
      </form>
    </Fold>
  );
}
