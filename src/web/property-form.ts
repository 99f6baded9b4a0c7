import type { z } from "zod";
import { propertyInput, propertyPatch } from "../services/properties/property-input";

const NUMBER_FIELDS = new Set([
  "earlyBufferMinutes", "lateBufferMinutes", "codeLength", "messageLeadMinutes", "programLeadMinutes", "backupLeadMinutes", "codeRevealLeadMinutes", "unreachableAlertLeadMinutes", "turnoverMinutes", "cleanerMessageHour",
]);
const NULLABLE_TEXT = new Set(["address", "wifiName", "wifiPassword", "checkInInstructions", "houseNotes"]);
const TEXT_FIELDS = new Set(["name", "timezone", "checkInTime", "checkOutTime", "codeStrategy", "locale"]);
export const TEMPLATE_NAMES = ["guest_code", "guest_update", "cleaner_schedule"] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

export type FieldErrors = Record<string, string>;
type Form = Record<string, string | File | (string | File)[]>;

/**
 * Turns an HTML form into the API's own property input, so the dashboard and the API share one set
 * of rules: numbers arrive as text, and an emptied optional box means "none".
 */
function toInput(form: Form): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const templates: Record<string, string> = {};
  for (const [key, value] of Object.entries(form)) {
    if (typeof value !== "string") continue;
    if (NUMBER_FIELDS.has(key)) out[key] = value.trim() === "" ? undefined : Number(value);
    else if (NULLABLE_TEXT.has(key)) out[key] = value.trim() === "" ? null : value;
    else if (TEXT_FIELDS.has(key)) out[key] = value;
    else if (key.startsWith("templates.")) {
      const name = key.slice("templates.".length);
      // An emptied template falls back to the built-in text, so it is left out rather than stored blank.
      if (value.trim() !== "") templates[name] = value.replace(/\r\n/g, "\n");
    }
  }
  if (Object.keys(form).some((k) => k.startsWith("templates."))) out.templates = templates;
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
}

function errorsOf(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "form";
    errors[key] ??= issue.message;
  }
  return errors;
}

export function parseNewProperty(form: Form) {
  const parsed = propertyInput.safeParse(toInput(form));
  return parsed.success ? { ok: true as const, value: parsed.data } : { ok: false as const, errors: errorsOf(parsed.error) };
}

export function parsePropertySettings(form: Form) {
  const parsed = propertyPatch.safeParse(toInput(form));
  return parsed.success ? { ok: true as const, value: parsed.data } : { ok: false as const, errors: errorsOf(parsed.error) };
}
