import { lockInput, type LockInput } from "../services/locks/lock-input";
import { lockSettingProblems } from "../services/locks/lock-settings";
import type { FieldErrors } from "./property-form";

type Form = Record<string, string | File | (string | File)[]>;
const text = (form: Form, key: string) => (typeof form[key] === "string" ? (form[key] as string) : "");

/**
 * Reads the add-lock form with the service's own `lockInput`, the API's too. What a provider's lock takes (a
 * connection, a slot capacity) is createLock's rule; it is asked here as well only so that the form shows every
 * problem at once, in the service's words, beside its field.
 */
export function parseNewLock(form: Form, propertyId: string): { ok: true; value: LockInput } | { ok: false; errors: FieldErrors } {
  const capacity = text(form, "slotCapacity").trim();
  const settings = { connectionId: text(form, "connectionId") || null, slotCapacity: capacity === "" ? null : Number(capacity) };
  const provider = lockInput.shape.provider.safeParse(text(form, "provider"));
  const parsed = lockInput.safeParse({ propertyId, name: text(form, "name"), provider: text(form, "provider"), providerDeviceId: text(form, "providerDeviceId"), ...settings });
  const errors: FieldErrors = {};
  if (provider.success) for (const problem of lockSettingProblems(provider.data, { ...settings, providerDeviceId: text(form, "providerDeviceId") })) errors[problem.path] = problem.message;
  if (!parsed.success) for (const issue of parsed.error.issues) errors[issue.path.join(".") || "form"] ??= issue.message;
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: parsed.data };
}
