import { createRoute, z } from "@hono/zod-openapi";
import { exportAccount } from "../../../services/operations/account-export";
import type { ServiceDeps } from "../../../services/deps";
import { errorResponses, jsonResponse } from "../../common-schemas";
import type { ApiApp } from "../../env";
import { toWire } from "../../serialize";

const accountExport = z
  .object({
    format: z.literal("staykey-account-export"),
    version: z.number(),
    exportedAt: z.string(),
    account: z.record(z.string(), z.unknown()),
  })
  .catchall(z.array(z.record(z.string(), z.unknown())))
  .openapi("AccountExport", {
    description: "Every record of the account by kind (properties, connections, locks, feeds, stays, contacts, accessGrants, accessCodes, messages, alerts, auditEvents, lockEvents). Sealed values are left out: no PIN, credential, feed URL or message body.",
  });

export function registerExport(app: ApiApp, deps: ServiceDeps) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/export",
      tags: ["Account"],
      operationId: "exportAccount",
      summary: "Export all of the account's data as one JSON document (owner only)",
      responses: { 200: jsonResponse(accountExport, "The export, as a download"), ...errorResponses },
    }),
    (c) => {
      const data = toWire(exportAccount(deps, c.get("auth").accountId));
      c.header("content-disposition", `attachment; filename="staykey-export-${data.exportedAt.slice(0, 10)}.json"`);
      c.header("cache-control", "no-store");
      return c.json(data as never, 200);
    },
  );
}
