import { connectionConfigSchemas, type ConnectionInput } from "../services/locks/connections";
import type { DevicePick } from "../services/locks/connection-picks";
import type { FieldErrors } from "./property-form";

type Form = Record<string, string | File | (string | File)[]>;
type Provider = ConnectionInput["provider"];

const text = (form: Form, key: string) => (typeof form[key] === "string" ? (form[key] as string).trim() : "");

/** Each provider's credential fields, as the add and rotate forms name them (`<provider>_<config key>`). */
export const CREDENTIAL_FIELDS: Record<Provider, Array<{ key: string; label: string; type: string; hint?: string }>> = {
  seam: [{ key: "apiKey", label: "Seam API key", type: "password", hint: "From Seam Console → Developer → API keys (seam_…)." }],
  home_assistant: [
    { key: "baseUrl", label: "Home Assistant URL", type: "url", hint: "Such as http://homeassistant.local:8123. A LAN address needs STAYKEY_LOCK_ALLOW_HOSTS on the server." },
    { key: "token", label: "Long-lived access token", type: "password", hint: "Home Assistant → your profile → Security → Long-lived access tokens." },
  ],
  zwave_js: [{ key: "url", label: "Z-Wave JS server URL", type: "url", hint: "Z-Wave JS UI's WS Server, such as ws://192.168.1.20:3000 (allowed with STAYKEY_LOCK_ALLOW_HOSTS)." }],
  matter: [{ key: "pairingCode", label: "Matter pairing code", type: "text", hint: "Open a pairing window for the lock in your Home app (\"Turn On Pairing Mode\", \"Share device\") and type the 11-digit code it shows. Used once, not kept." }],
};

export const PROVIDER_WORDS: Record<Provider, string> = { seam: "Seam", home_assistant: "Home Assistant", zwave_js: "Z-Wave JS", matter: "Matter" };

export const isProvider = (p: string): p is Provider => Object.hasOwn(CREDENTIAL_FIELDS, p);
export const fieldName = (provider: Provider, key: string) => `${provider}_${key}`;

/** A service's field path (`config.baseUrl`) as the form's field name. */
export const formFieldOf = (provider: Provider, path: string) => (path.startsWith("config.") ? fieldName(provider, path.slice(7)) : path === "name" ? fieldName(provider, "name") : path);

/** The credential part of an add or rotate form, checked with the provider's own config schema (the API's). */
export function parseCredentials(form: Form, provider: Provider): { ok: true; config: Record<string, string> } | { ok: false; errors: FieldErrors } {
  const config = Object.fromEntries(CREDENTIAL_FIELDS[provider].map((f) => [f.key, text(form, fieldName(provider, f.key))]));
  const parsed = connectionConfigSchemas[provider].safeParse(config);
  if (parsed.success) return { ok: true, config };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) errors[fieldName(provider, String(issue.path[0] ?? "apiKey"))] ??= config[String(issue.path[0])] === "" ? "Required." : issue.message;
  return { ok: false, errors };
}

export function parseNewConnection(form: Form, provider: Provider): { ok: true; input: ConnectionInput } | { ok: false; errors: FieldErrors } {
  const name = text(form, fieldName(provider, "name"));
  const creds = parseCredentials(form, provider);
  const errors: FieldErrors = creds.ok ? {} : { ...creds.errors };
  if (name === "" || name.length > 100) errors[fieldName(provider, "name")] = "Give the connection a name (up to 100 characters).";
  if (!creds.ok || Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, input: { provider, name, config: creds.config } as ConnectionInput };
}

/** The ticked rows of the device picker: `pick` holds device ids, `property:<id>` and `name:<id>` each row's choices. */
export function parsePicks(form: Form): { ok: true; picks: DevicePick[] } | { ok: false; errors: FieldErrors } {
  const ids = [form.pick ?? []].flat().filter((x): x is string => typeof x === "string");
  if (ids.length === 0) return { ok: false, errors: { locks: "Tick at least one lock to add." } };
  const errors: FieldErrors = {};
  const picks = ids.map((deviceId) => {
    const propertyId = text(form, `property:${deviceId}`);
    if (!propertyId) errors[`property:${deviceId}`] = "Choose the property this lock belongs to.";
    const name = text(form, `name:${deviceId}`);
    return { deviceId, propertyId, ...(name ? { name: name.slice(0, 200) } : {}) };
  });
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, picks };
}
