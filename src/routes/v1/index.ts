import { OpenAPIHono } from "@hono/zod-openapi";
import type { ApiApp, AppEnv } from "../env";
import { registerAccount } from "./account/routes";
import { registerAccessCodes } from "./access-codes/routes";
import { registerAccessGrants } from "./access-grants/routes";
import { registerAlerts } from "./alerts/routes";
import { registerApiKeys } from "./api-keys/routes";
import { registerAuditEvents } from "./audit-events/routes";
import { registerConnections } from "./connections/routes";
import { registerContacts } from "./contacts/routes";
import { registerFeeds } from "./feeds/routes";
import { registerExport } from "./export/routes";
import { registerLockEvents } from "./lock-events/routes";
import { registerLockProperties } from "./lock-properties/routes";
import { registerLocks } from "./locks/routes";
import { registerMessages } from "./messages/routes";
import { registerProperties } from "./properties/routes";
import { registerStays } from "./stays/routes";
import { registerTeam } from "./team/routes";
import { registerWebhookEndpoints } from "./webhook-endpoints/routes";
import { registerIcalTokenRoutes } from "../ical";
import { registerMessageActions } from "./messages-actions";
import type { ServiceDeps } from "../../services/deps";

/**
 * Every /api/v1 resource registers itself here. A mounted sub-app rather than `basePath`: zod-openapi's
 * `basePath` clone keeps its own registry, so its routes never reached /api/v1/openapi.json.
 */
export function registerV1(app: ApiApp, deps: ServiceDeps) {
  const v1: ApiApp = new OpenAPIHono<AppEnv>({ defaultHook: app.defaultHook });
  registerProperties(v1, deps);
  registerConnections(v1, deps);
  registerLocks(v1, deps);
  registerLockProperties(v1, deps);
  registerFeeds(v1, deps);
  registerContacts(v1, deps);
  registerStays(v1, deps);
  registerAccessCodes(v1, deps);
  registerAccessGrants(v1, deps);
  registerMessages(v1, deps);
  registerAlerts(v1, deps);
  registerAuditEvents(v1, deps);
  registerLockEvents(v1, deps);
  registerApiKeys(v1, deps);
  registerTeam(v1, deps);
  registerMessageActions(v1, deps);
  registerIcalTokenRoutes(v1, deps);
  registerExport(v1, deps);
  registerAccount(v1, deps);
  registerWebhookEndpoints(v1, deps);
  app.route("/api/v1", v1);
}
