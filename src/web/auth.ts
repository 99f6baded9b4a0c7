import type { MiddlewareHandler } from "hono";
import { findViewer, type Viewer } from "../services/web/sessions";
import { csrfMatches } from "./csrf";
import { clearSessionCookie, readCookie, SESSION_COOKIE } from "./cookies";
import type { WebEnv } from "./env";
import type { ServiceDeps } from "../services/deps";
import { assertAccountWide, assertReaches, isPropertyResource, type Actor } from "../services/team/scope";

/** The dashboard viewer as the services' actor. */
export const viewerActor = (viewer: Viewer): Actor => ({ accountId: viewer.accountId, userId: viewer.userId, role: viewer.role, propertyIds: viewer.propertyIds });
import { WebError } from "./web-error";

const SECURITY_HEADERS = {
  // Pages show door codes: never cache them, never frame them.
  "cache-control": "no-store",
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  "referrer-policy": "same-origin",
  "content-security-policy": "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
};

export const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) {
    // A static asset (the favicon) says how long it may be cached; every page is no-store.
    if (k === "cache-control" && c.res.headers.has(k) && !c.res.headers.get("content-type")?.startsWith("text/html")) continue;
    c.res.headers.set(k, v);
  }
};

/**
 * Signs the request in from its session cookie and checks the form's CSRF token on every state change.
 * A cleaner never reaches host pages and a host never reaches the cleaner portal: each sees its own home.
 */
export function requireViewer(deps: ServiceDeps, roles: Viewer["role"][]): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    const viewer = findViewer(deps, readCookie(c, SESSION_COOKIE));
    if (!viewer) {
      clearSessionCookie(c, deps.config);
      if (c.req.method === "GET") return c.redirect(`/login?next=${encodeURIComponent(c.req.path)}`, 303);
      throw new WebError(403, "Your session has ended. Sign in again and repeat the change.");
    }
    if (!roles.includes(viewer.role)) return c.redirect(viewer.role === "cleaner" ? "/cleaner" : "/dashboard", 303);
    if (c.req.method !== "GET" && c.req.method !== "HEAD") {
      const form = await c.req.parseBody();
      const sent = typeof form._csrf === "string" ? form._csrf : "";
      if (!csrfMatches(sent, viewer.csrfToken)) throw new WebError(403, "This form expired or did not come from staykey. Reload the page and try again.");
    }
    if (viewer.mustAddSecondFactor && !SECOND_FACTOR_SETUP.some((p) => c.req.path.startsWith(p))) {
      if (c.req.method === "GET") return c.redirect("/account/security", 303);
      throw new WebError(403, "This account requires two-factor sign-in: set it up under Security first.");
    }
    if (viewer.propertyIds !== null && viewer.role !== "cleaner" && c.req.path.startsWith("/dashboard")) checkPropertyScope(deps, viewer, c.req.method, c.req.path);
    c.set("viewer", viewer);
    await next();
  };
}

/** What a member owing a second factor (the account requires one) may still reach: setting one up, and signing out. */
const SECOND_FACTOR_SETUP = ["/account/security", "/logout"];

/**
 * Pages every member has whatever their properties: today, the calendar, the door activity log and the property list
 * (each shows only theirs), their own security and their own API keys (a manager sees only the keys they made).
 */
const PERSONAL_PAGES = new Set(["", "calendar", "activity", "security", "api-keys"]);

/**
 * A member limited to some properties: another property's page (or its stay's) reads as missing, and account-wide
 * pages (alerts across properties, the outbox, connections, the team) are refused.
 */
function checkPropertyScope(deps: ServiceDeps, viewer: Viewer, method: string, path: string) {
  const [area = "", id] = path.replace(/^\/dashboard\/?/, "").split("/");
  const actor = viewerActor(viewer);
  if (PERSONAL_PAGES.has(area)) return;
  if (isPropertyResource(area) && id) return assertReaches(deps.db, actor, area, id);
  // Contacts filters itself to the member's properties (a cleaner of another property reads as missing); adding a
  // cleaner, who is the account's, is not a limited member's.
  if (area === "contacts" && (method === "GET" || id)) return;
  if (area === "properties" && method === "GET") return;
  assertAccountWide(actor, "this page");
}
