import { createRoute } from "@hono/zod-openapi";
import { openRecipient } from "../../../services/contact-details/contact-details";
import type { MessageRow } from "../../../services/delivery/message-rows";
import { listMessages, readMessage } from "../../../services/delivery/read-messages";
import { errorResponses, idParam, jsonResponse } from "../../common-schemas";
import type { ApiApp } from "../../env";
import { listQuery, pageOf } from "../../pagination";
import { omit, toWire } from "../../serialize";
import type { ServiceDeps } from "../../../services/deps";
import { maskRecipient } from "./mask-recipient";
import { message, messageListQuery, messageReadQuery, messageSummary } from "./schema";

const tags = ["Messages"];
const params = idParam("Message", "msg_0abc");

const presentFull = (box: ServiceDeps["box"], row: MessageRow) =>
  toWire({ ...omit(row, "accountId", "bodyEnc", "bodyMaskedEnc", "idempotencyKey", "providerId", "recipientEnc", "legacyRecipient"), recipient: openRecipient(box, row) });

export function registerMessages(app: ApiApp, deps: ServiceDeps) {
  const { db, box } = deps;

  app.openapi(
    createRoute({
      method: "get",
      path: "/messages",
      tags,
      summary: "List messages (recipients masked, no bodies)",
      request: { query: listQuery(messageListQuery) },
      responses: { 200: jsonResponse(pageOf(messageSummary), "Messages"), ...errorResponses },
    }),
    (c) => {
      const p = listMessages(db, c.get("auth").accountId, c.req.valid("query"));
      return c.json({ data: p.data.map((r) => { const full = presentFull(box, r); return { ...full, recipient: maskRecipient(full.recipient) }; }), nextCursor: p.nextCursor }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/messages/{id}",
      tags,
      summary: "One message with its full recipient and its body, PIN masked unless ?reveal=pin (that read is recorded in the audit log)",
      request: { params, query: messageReadQuery },
      responses: { 200: jsonResponse(message, "Message"), ...errorResponses },
    }),
    (c) => {
      const { accountId, actor, role } = c.get("auth");
      const revealPin = c.req.valid("query").reveal === "pin";
      const { message, body } = readMessage(deps, accountId, c.req.valid("param").id, { revealPin, actor, role });
      c.header("cache-control", "no-store");
      return c.json({ ...presentFull(box, message), body, pinRevealed: revealPin }, 200);
    },
  );
}
