import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { Config } from "../config";

export const SESSION_COOKIE = "staykey_session";
/** Double-submit token for the sign-in form, which has no session to hold a CSRF token yet. */
export const LOGIN_CSRF_COOKIE = "staykey_login_csrf";

const secure = (config: Config) => config.STAYKEY_PUBLIC_URL?.startsWith("https://") ?? false;

// Lax, not Strict: a host following a link from an alert email should land signed in.
const base = (config: Config) => ({ httpOnly: true, sameSite: "Lax" as const, path: "/", secure: secure(config) });

/**
 * Max-Age, never Expires: the lifetime is relative, so a browser whose clock differs from the server's (or from
 * a test's injected clock) keeps the cookie exactly as long as the server keeps the session.
 */
export function setSessionCookie(c: Context, config: Config, token: string, maxAgeSeconds: number) {
  setCookie(c, SESSION_COOKIE, token, { ...base(config), maxAge: Math.max(0, Math.floor(maxAgeSeconds)) });
}

export function clearSessionCookie(c: Context, config: Config) {
  deleteCookie(c, SESSION_COOKIE, base(config));
}

export function setLoginCsrfCookie(c: Context, config: Config, token: string) {
  setCookie(c, LOGIN_CSRF_COOKIE, token, { ...base(config), maxAge: 60 * 60 });
}

export const readCookie = (c: Context, name: string) => getCookie(c, name);

/** A random value per browser, kept long: a sign-in from a browser without a known one emails the member. */
export const DEVICE_COOKIE = "staykey_device";
const DEVICE_MAX_AGE_S = 400 * 24 * 60 * 60;

/** This browser's device token, made (and set) on first sight. */
export function deviceToken(c: Context, config: Config, make: () => string): string {
  const existing = getCookie(c, DEVICE_COOKIE);
  if (existing && /^[A-Za-z0-9_]{20,80}$/.test(existing)) return existing;
  const token = make();
  setCookie(c, DEVICE_COOKIE, token, { ...base(config), maxAge: DEVICE_MAX_AGE_S });
  return token;
}

const FLASH_COOKIE = "staykey_flash";

/** Post/redirect/get: the outcome of a form rides one redirect in a short-lived cookie, then is gone. */
export function setFlash(c: Context, config: Config, flash: { kind: "ok" | "bad" | "info"; text: string }) {
  setCookie(c, FLASH_COOKIE, Buffer.from(JSON.stringify(flash)).toString("base64url"), { ...base(config), maxAge: 60 });
}

export function takeFlash(c: Context, config: Config): { kind: "ok" | "bad" | "info"; text: string } | null {
  const raw = getCookie(c, FLASH_COOKIE);
  if (!raw) return null;
  deleteCookie(c, FLASH_COOKIE, base(config));
  try {
    const v = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as { kind?: unknown; text?: unknown };
    if ((v.kind === "ok" || v.kind === "bad" || v.kind === "info") && typeof v.text === "string") return { kind: v.kind, text: v.text.slice(0, 500) };
  } catch {
    /* a mangled flash is just dropped */
  }
  return null;
}
