import { createRoute } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import { messages } from "../../../db/schema";
import { openRecipient } from "../../../services/contact-details/contact-details";
import { findAccountMessage, maskedMessageBody, revealMessageBody } from "../../../services/delivery/message-body";
import { errorResponses, idParam, jsonResponse } from "../../common-schemas";
import type { ApiApp } from "../../env";
import { listQuery, pageOf } from "../../pagination";
import { listAccountPage } from "../../../db/account-page";
import { notFound } from "../../problem";
import { omit, toWire } from "../../serialize";
import type { V1Deps } from "../hooks";
import { maskRecipient } from "./mask-recipient";
import { message, messageListQuery, messageReadQuery, messageSummary } from "./schema";

const tags = ["Messages"];
const params = idParam("Message", "msg_0abc");
type MessageRow = typeof messages.$inferSelect;

const presentFull = (box: V1Deps["box"], row: MessageRow) =>
  toWire({ ...omit(row, "accountId", "bodyEnc", "bodyMaskedEnc", "idempotencyKey", "providerId", "recipientEnc", "legacyRecipient"), recipient: openRecipient(box, row) });

export function registerMessages(app: ApiApp, deps: V1Deps) {
  const { db, box, clock } = deps;

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
      const q = c.req.valid("query");
      const p = listAccountPage(db, messages, c.get("auth").accountId, [q.stayId ? eq(messages.stayId, q.stayId) : undefined, q.propertyId ? eq(messages.propertyId, q.propertyId) : undefined, q.channel ? eq(messages.channel, q.channel) : undefined, q.status ? eq(messages.status, q.status) : undefined], { limit: q.limit, cursor: q.cursor });
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
      const { accountId, actor } = c.get("auth");
      const id = c.req.valid("param").id;
      const row = findAccountMessage(db, accountId, id);
      if (!row) throw notFound(`message ${id}`);
      const reveal = c.req.valid("query").reveal === "pin";
      c.header("cache-control", "no-store");
      return c.json({ ...presentFull(box, row), body: reveal ? revealMessageBody({ db, clock, box }, row, actor) : maskedMessageBody(box, row), pinRevealed: reveal }, 200);
    },
  );
}
