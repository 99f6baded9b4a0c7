import { createRoute } from "@hono/zod-openapi";
import { and, eq } from "drizzle-orm";
import { messages } from "../../../db/schema";
import { openRecipient } from "../../../services/contact-details/contact-details";
import { messageBodyAssociatedData } from "../../../services/delivery/message-rows";
import { errorResponses, idParam, jsonResponse } from "../../common-schemas";
import type { ApiApp } from "../../env";
import { listAccountPage, pageOf, pageQuery } from "../../pagination";
import { notFound } from "../../problem";
import { omit, toWire } from "../../serialize";
import type { V1Deps } from "../hooks";
import { maskRecipient } from "./mask-recipient";
import { message, messageListQuery, messageSummary } from "./schema";

const tags = ["Messages"];
const params = idParam("Message", "msg_0abc");
type MessageRow = typeof messages.$inferSelect;

const presentFull = (box: V1Deps["box"], row: MessageRow) =>
  toWire({ ...omit(row, "accountId", "bodyEnc", "idempotencyKey", "providerId", "recipientEnc", "legacyRecipient"), recipient: openRecipient(box, row) });

export function registerMessages(app: ApiApp, deps: V1Deps) {
  const { db, box } = deps;

  app.openapi(
    createRoute({
      method: "get",
      path: "/messages",
      tags,
      summary: "List messages (recipients masked, no bodies)",
      request: { query: pageQuery.merge(messageListQuery) },
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
      summary: "One message with its body and full recipient",
      request: { params },
      responses: { 200: jsonResponse(message, "Message"), ...errorResponses },
    }),
    (c) => {
      const id = c.req.valid("param").id;
      const row = db.select().from(messages).where(and(eq(messages.id, id), eq(messages.accountId, c.get("auth").accountId))).get();
      if (!row) throw notFound(`message ${id}`);
      c.header("cache-control", "no-store");
      return c.json({ ...presentFull(deps.box, row), body: box.decrypt(row.bodyEnc, messageBodyAssociatedData(row.id)) }, 200);
    },
  );
}
