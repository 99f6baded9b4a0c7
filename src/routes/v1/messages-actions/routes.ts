import { createRoute } from "@hono/zod-openapi";
import { newId } from "../../../lib/ids";
import { openRecipient } from "../../../services/contact-details/contact-details";
import { previewPropertyMessage } from "../../../services/delivery/preview-message";
import { resendMessage } from "../../../services/delivery/resend-message";
import { errorResponses, idParam, jsonBody, jsonResponse } from "../../common-schemas";
import type { ApiApp } from "../../env";
import { maskRecipient } from "../messages/mask-recipient";
import { previewInput, previewOutput, resendOutput } from "./schema";
import type { ServiceDeps } from "../../../services/deps";

const tags = ["Messages"];

/** Template preview and host resend, under the /api/v1 base path. */
export function registerMessageActions(app: ApiApp, deps: ServiceDeps): void {
  app.openapi(
    createRoute({
      method: "post",
      path: "/properties/{id}/message-preview",
      tags,
      summary: "Render a message template with sample data, in the property's zone and locale",
      request: { params: idParam("Property", "prop_0abc"), ...jsonBody(previewInput) },
      responses: { 200: jsonResponse(previewOutput, "Preview"), ...errorResponses },
    }),
    (c) => c.json(previewPropertyMessage(deps, c.get("auth").accountId, c.req.valid("param").id, c.req.valid("json")), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/messages/{id}/resend",
      tags,
      summary: "Send a message again, with current content, to the stay's current contact on the same channel",
      request: { params: idParam("Message", "msg_0abc") },
      responses: { 202: jsonResponse(resendOutput, "Queued"), ...errorResponses },
    }),
    async (c) => {
      const requestKey = (c.req.header("idempotency-key") ?? newId("idem")).replace(/[^A-Za-z0-9_-]/g, "").slice(0, 80) || newId("idem");
      const row = await resendMessage(deps, c.get("auth").accountId, c.req.valid("param").id, requestKey);
      return c.json({
        id: row.id, channel: row.channel, purpose: row.purpose, status: row.status, recipient: maskRecipient(openRecipient(deps.box, row)), sendAt: row.sendAt?.toISOString() ?? null,
      }, 202);
    },
  );
}
