import { Hono } from "hono";
import { compress } from "hono/compress";
import { LoginRateLimit } from "../services/web/login-rate-limit";
import { findViewer } from "../services/web/sessions";
import { securityHeaders } from "./auth";
import { readCookie, SESSION_COOKIE } from "./cookies";
import type { WebEnv } from "./env";
import type { ServiceDeps } from "../services/deps";
import { FAVICON_SVG } from "./favicon";
import { Layout } from "./layout";
import { registerAccessGrantPages } from "./pages/access-grants";
import { registerAlertPages } from "./pages/alerts";
import { registerCalendarPages } from "./pages/calendar-pages";
import { registerCleanerPortal } from "./pages/cleaner";
import { registerGuestPages } from "./pages/guest-pages";
import { registerCopyScript } from "./pages/copy-script";
import { registerPasskeyScript } from "./pages/passkey-script";
import { registerContactPages } from "./pages/contacts";
import { registerPropertyCleaners } from "./pages/property-cleaners";
import { registerPropertyGuestPage } from "./pages/property-guest-page";
import { registerInvitePages } from "./pages/invite";
import { registerTeamPages } from "./pages/team";
import { registerConnectionPages } from "./pages/connections";
import { registerWebhookPages } from "./pages/webhooks";
import { registerApiKeyPages } from "./pages/api-keys";
import { registerAccountPages } from "./pages/account";
import { registerSecurityPages } from "./pages/security";
import { registerPasswordReset } from "./pages/password-reset";
import { registerLogin } from "./pages/login";
import { registerOutboxPage } from "./pages/outbox";
import { registerActivityPage } from "./pages/activity";
import { registerOverview } from "./pages/overview";
import { registerPropertyActions } from "./pages/property-actions";
import { registerPropertyPages } from "./pages/property-routes";
import { registerStayActions } from "./pages/stay-actions";
import { registerStayPages } from "./pages/stay-routes";
import { registerToday } from "./pages/today";
import { ServiceError } from "../services/errors";
import { WebError, webErrorOf } from "./web-error";

/** Mounts the dashboard and cleaner portal on the app: `/login`, `/logout`, `/dashboard/*`, `/cleaner/*`. */
export function registerWeb(app: { route(path: string, sub: Hono<WebEnv>): unknown }, deps: ServiceDeps, opts: { limiter?: LoginRateLimit } = {}) {
  const web = new Hono<WebEnv>();
  const limiter = opts.limiter ?? new LoginRateLimit(deps.db, deps.clock, deps.box);
  // Pages compress 5-10x; the CSRF token in them is masked per render (web/csrf), so compression reveals no secret.
  // Only pages: this sub-app's middleware also sees the API's responses, which have their own clients and budget.
  web.use("*", compress({ contentTypeFilter: /^text\/html/ }));
  web.use("*", securityHeaders);
  web.get("/favicon.svg", (c) => c.body(FAVICON_SVG, 200, { "content-type": "image/svg+xml", "cache-control": "public, max-age=86400" }));
  web.get("/favicon.ico", (c) => c.redirect("/favicon.svg", 301));

  web.onError((raw, c) => {
    const viewer = findViewer(deps, readCookie(c, SESSION_COOKIE)) ?? undefined;
    const err = raw instanceof ServiceError ? webErrorOf(raw) : raw;
    if (err instanceof WebError) {
      return c.html(
        <Layout title="Sorry" viewer={viewer}>
          <h1>{err.status === 404 ? "Not found" : "That did not work"}</h1>
          <p>{err.message}</p>
          <p><a href="/">Back to the start</a></p>
        </Layout>,
        err.status,
      );
    }
    deps.logger.error({ err: { name: err.name, message: err.message, stack: err.stack }, path: c.req.path }, "dashboard error");
    return c.html(
      <Layout title="Error" viewer={viewer}>
        <h1>Something went wrong</h1>
        <p>The error was logged. Try again in a moment.</p>
      </Layout>,
      500,
    );
  });

  web.get("/", (c) => {
    const viewer = findViewer(deps, readCookie(c, SESSION_COOKIE));
    return c.redirect(!viewer ? "/login" : viewer.role === "cleaner" ? "/cleaner" : "/dashboard", 303);
  });
  registerLogin(web, deps, limiter);
  registerToday(web, deps);
  registerCalendarPages(web, deps);
  registerOverview(web, deps);
  registerPropertyPages(web, deps);
  registerPropertyActions(web, deps);
  registerStayPages(web, deps);
  registerStayActions(web, deps);
  registerAlertPages(web, deps);
  registerAccessGrantPages(web, deps);
  registerContactPages(web, deps);
  registerPropertyCleaners(web, deps);
  registerOutboxPage(web, deps);
  registerActivityPage(web, deps);
  registerCleanerPortal(web, deps);
  registerGuestPages(web, deps);
  registerPropertyGuestPage(web, deps);
  registerCopyScript(web);
  registerPasskeyScript(web);
  registerTeamPages(web, deps);
  registerConnectionPages(web, deps);
  registerWebhookPages(web, deps);
  registerApiKeyPages(web, deps);
  registerAccountPages(web, deps);
  registerInvitePages(web, deps);
  registerSecurityPages(web, deps);
  registerPasswordReset(web, deps);
  app.route("/", web);
}
