import { lockInput } from "../routes/v1/locks/schema";
import type { LockInput } from "../services/locks/locks";
import type { FieldErrors } from "./property-form";

type Form = Record<string, string | File | (string | File)[]>;
const text = (form: Form, key: string) => (typeof form[key] === "string" ? (form[key] as string) : "");

/**
 * Turns the add-lock form into the API's `lockInput`, so both sides share its rules. The dashboard adds one
 * of its own: a vendor lock cannot be reached without a connection, so it is asked for up front rather than
 * leaving the host with a lock that fails on its first code.
 */
export function parseNewLock(form: Form, propertyId: string): { ok: true; value: LockInput } | { ok: false; errors: FieldErrors } {
  const provider = text(form, "provider");
  const capacity = text(form, "slotCapacity").trim();
  const connectionId = text(form, "connectionId");
  const errors: FieldErrors = {};
  if (provider !== "simulated" && provider !== "" && connectionId === "") errors.connectionId = "Choose the connection this lock is reached through.";
  if (provider !== "home_assistant" && capacity !== "") errors.slotCapacity = "Only Home Assistant locks take a slot capacity; leave it empty.";
  const parsed = lockInput.safeParse({
    propertyId,
    name: text(form, "name"),
    provider,
    providerDeviceId: text(form, "providerDeviceId"),
    connectionId: connectionId === "" ? null : connectionId,
    slotCapacity: capacity === "" ? null : Number(capacity),
  });
  if (!parsed.success) for (const issue of parsed.error.issues) errors[issue.path.join(".") || "form"] ??= issue.message;
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: parsed.data };
}
