import { createRoute, z } from "@hono/zod-openapi";
import { feedUrl, issueCleanerFeedToken, revokeCleanerFeedToken } from "../../services/cleaners/ical-token";
import { errorResponses, idParam, jsonResponse } from "../common-schemas";
import type { ApiApp } from "../env";
import type { ServiceDeps } from "../../services/deps";

const tags = ["Contacts"];
const params = idParam("Contact", "ctc_0abc");

const issued = z.object({
  token: z.string(),
  url: z.string().openapi({ description: "Absolute when STAYKEY_PUBLIC_URL is set; shown once, store it or rotate again" }),
}).openapi("IcalFeedToken");

/** Under /api/v1: issue (or rotate) and revoke a cleaner's personal calendar feed. */
export function registerIcalTokenRoutes(app: ApiApp, deps: Pick<ServiceDeps, "db" | "clock" | "config">): void {
  app.openapi(
    createRoute({
      method: "post", path: "/contacts/{id}/ical-token", tags,
      summary: "Issue a new personal iCal feed URL for a cleaner; the previous URL stops working",
      request: { params }, responses: { 201: jsonResponse(issued, "Issued"), ...errorResponses },
    }),
    (c) => {
      const { token, path } = issueCleanerFeedToken(deps, c.get("auth").accountId, c.req.valid("param").id);
      c.header("cache-control", "no-store");
      return c.json({ token, url: feedUrl(path, deps.config.STAYKEY_PUBLIC_URL) }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "delete", path: "/contacts/{id}/ical-token", tags,
      summary: "Revoke a cleaner's iCal feed URL", request: { params }, responses: { 204: { description: "Revoked" }, ...errorResponses },
    }),
    (c) => {
      revokeCleanerFeedToken(deps, c.get("auth").accountId, c.req.valid("param").id);
      return c.body(null, 204);
    },
  );
}
