/**
 * What Twilio and Svix sign, and how a Svix secret becomes its key: the one definition the home server (node:crypto,
 * lib/webhooks) and the edge relay (Web Crypto, edge/crypto) both use, so the two cannot drift apart. Pure TypeScript
 * on Web APIs only (TextEncoder, URLSearchParams, atob): the edge Worker imports it, and it must stay Node-free.
 */

/** Form parameters as a webhook route or the relay reads them. */
export type TwilioParams = URLSearchParams | Readonly<Record<string, string | readonly string[]>>;

/**
 * Twilio's X-Twilio-Signature covers the full URL Twilio called followed by every POST parameter as key+value in key
 * order; a repeated key contributes each distinct value, sorted, as Twilio's own SDK does.
 */
export function twilioSignedContent(url: string, params: TwilioParams): string {
  const grouped = new Map<string, Set<string>>();
  const add = (key: string, value: string) => grouped.set(key, (grouped.get(key) ?? new Set<string>()).add(value));
  if (params instanceof URLSearchParams) {
    for (const [key, value] of params) add(key, value);
  } else {
    for (const [key, value] of Object.entries(params)) for (const v of typeof value === "string" ? [value] : value) add(key, v);
  }
  let content = url;
  for (const key of [...grouped.keys()].sort(byCodeUnits)) {
    for (const value of [...grouped.get(key)!].sort(byCodeUnits)) content += key + value;
  }
  return content;
}

/** Svix signs `${svix-id}.${svix-timestamp}.` followed by the raw body bytes, exactly as received. */
export function svixSignedContent(id: string, timestamp: string, rawBody: string | Uint8Array): Uint8Array<ArrayBuffer> {
  const encoder = new TextEncoder();
  const head = encoder.encode(`${id}.${timestamp}.`);
  const body = typeof rawBody === "string" ? encoder.encode(rawBody) : rawBody;
  const content = new Uint8Array(head.length + body.length);
  content.set(head);
  content.set(body, head.length);
  return content;
}

/** `whsec_<base64>` → the HMAC key; the bare base64 form is accepted too, as Svix's own libraries do. */
export function svixKey(secret: string): Uint8Array<ArrayBuffer> | undefined {
  const encoded = secret.startsWith("whsec_") ? secret.slice("whsec_".length) : secret;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) return undefined;
  let binary: string;
  try {
    binary = atob(encoded);
  } catch {
    return undefined;
  }
  const key = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) key[i] = binary.charCodeAt(i);
  return key.length > 0 ? key : undefined;
}

// Twilio sorts with JavaScript's default (UTF-16 code unit) order, not a locale collation.
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
