import { createRoute } from "@hono/zod-openapi";
import { and, eq } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { feeds } from "../../../db/schema";
import { feedUrlAd } from "../../../services/calendar/feed-url-ad";
import { createFeed } from "../../../services/web/create-feed";
import { errorResponses, idParam, jsonBody, jsonResponse } from "../../common-schemas";
import type { ApiApp } from "../../env";
import { listQuery, pageOf } from "../../pagination";
import { listAccountPage } from "../../../db/account-page";
import { badRequest, conflict, notFound } from "../../problem";
import { toWire } from "../../serialize";
import { afterCommit, type V1Deps } from "../hooks";
import { findProperty } from "../properties/routes";
import { feed, feedInput, feedListQuery, feedPatch } from "./schema";

const tags = ["Feeds"];
const params = idParam("Feed", "feed_0abc");
type FeedRow = typeof feeds.$inferSelect;

export function findFeed(db: Db, accountId: string, id: string) {
  const row = db.select().from(feeds).where(and(eq(feeds.id, id), eq(feeds.accountId, accountId))).get();
  if (!row) throw notFound(`feed ${id}`);
  return row;
}

export function registerFeeds(app: ApiApp, deps: V1Deps) {
  const { db, clock, box } = deps;

  /** Only the redacted URL leaves; a sync error that quoted the URL is scrubbed as a second line of defence. */
  const present = (row: FeedRow) => {
    const { urlEnc, urlHash, etag, lastModified, contentHash, emptyFetchStreak, accountId, ...rest } = row;
    let lastError = row.lastError;
    if (lastError) {
      const url = box.decrypt(urlEnc, feedUrlAd(row.id));
      lastError = lastError.split(url).join(row.urlRedacted);
    }
    return toWire({ ...rest, lastError, paused: row.status === "paused" });
  };

  app.openapi(
    createRoute({ method: "get", path: "/feeds", tags, request: { query: listQuery(feedListQuery) }, responses: { 200: jsonResponse(pageOf(feed), "Feeds"), ...errorResponses } }),
    (c) => {
      const { limit, cursor, propertyId } = c.req.valid("query");
      const p = listAccountPage(db, feeds, c.get("auth").accountId, [propertyId ? eq(feeds.propertyId, propertyId) : undefined], { limit: limit, cursor: cursor });
      return c.json({ data: p.data.map(present), nextCursor: p.nextCursor }, 200);
    },
  );

  app.openapi(
    createRoute({ method: "post", path: "/feeds", tags, request: jsonBody(feedInput), responses: { 201: jsonResponse(feed, "Created"), ...errorResponses } }),
    async (c) => {
      const input = c.req.valid("json");
      const { accountId } = c.get("auth");
      findProperty(db, accountId, input.propertyId);
      const created = createFeed(deps, { ...input, accountId });
      if (!created.ok) {
        throw created.reason === "duplicate" ? conflict(`this property already has that calendar as feed ${created.existingFeedId}`) : badRequest(created.message);
      }
      const id = created.feedId;
      if (!input.paused) await afterCommit(deps, "syncFeedNow", id);
      return c.json(present(findFeed(db, accountId, id)), 201);
    },
  );

  app.openapi(
    createRoute({ method: "get", path: "/feeds/{id}", tags, request: { params }, responses: { 200: jsonResponse(feed, "Feed"), ...errorResponses } }),
    (c) => c.json(present(findFeed(db, c.get("auth").accountId, c.req.valid("param").id)), 200),
  );

  app.openapi(
    createRoute({ method: "patch", path: "/feeds/{id}", tags, request: { params, ...jsonBody(feedPatch) }, responses: { 200: jsonResponse(feed, "Updated"), ...errorResponses } }),
    (c) => {
      const { accountId } = c.get("auth");
      const existing = findFeed(db, accountId, c.req.valid("param").id);
      const { paused, ...patch } = c.req.valid("json");
      const now = clock.now();
      const wasPaused = existing.status === "paused";
      // Resuming starts from a clean slate: the next sync decides the status again.
      const pause = paused === true && !wasPaused ? { status: "paused" as const, nextSyncAt: null } : {};
      const resume = paused === false && wasPaused ? { status: "pending" as const, nextSyncAt: now } : {};
      db.update(feeds).set({ ...patch, ...pause, ...resume, updatedAt: now }).where(eq(feeds.id, existing.id)).run();
      return c.json(present(findFeed(db, accountId, existing.id)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/feeds/{id}/sync",
      tags,
      summary: "Sync this feed as soon as possible",
      request: { params },
      responses: { 202: jsonResponse(feed, "Sync requested"), ...errorResponses },
    }),
    async (c) => {
      const { accountId } = c.get("auth");
      const existing = findFeed(db, accountId, c.req.valid("param").id);
      if (existing.status === "paused") throw conflict("this feed is paused; resume it with PATCH {\"paused\": false} first");
      db.update(feeds).set({ nextSyncAt: clock.now() }).where(eq(feeds.id, existing.id)).run();
      await afterCommit(deps, "syncFeedNow", existing.id);
      return c.json(present(findFeed(db, accountId, existing.id)), 202);
    },
  );

  app.openapi(
    createRoute({ method: "delete", path: "/feeds/{id}", tags, request: { params }, responses: { 204: { description: "Deleted" }, ...errorResponses } }),
    (c) => {
      const existing = findFeed(db, c.get("auth").accountId, c.req.valid("param").id);
      // Its stays stay (feed_id is set null): removing a calendar must not lock out guests already booked.
      db.delete(feeds).where(eq(feeds.id, existing.id)).run();
      return c.body(null, 204);
    },
  );
}
