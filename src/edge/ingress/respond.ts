import type { Context } from "hono";
import type { EdgeEnv } from "../hono-env";

/** Refusals say why in a word (for the provider's delivery log) and nothing about the store or the secrets. */
export function refuse(c: Context<EdgeEnv>, status: 400 | 403 | 413 | 415 | 503, reason: string): Response {
  return c.json({ error: reason }, status);
}

/** The public URL the provider signed: PUBLIC_URL's origin when set, else the URL the request arrived on. */
export function signedUrl(requestUrl: string, publicUrl: string | undefined): string {
  if (!publicUrl) return requestUrl;
  const url = new URL(requestUrl);
  return publicUrl.replace(/\/+$/, "") + url.pathname + url.search;
}

/** Keeps only the headers the home server needs to re-verify the original signature. */
export function pickHeaders(headers: Headers, names: readonly string[]): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of names) {
    const value = headers.get(name);
    if (value !== null) picked[name] = value;
  }
  return picked;
}
