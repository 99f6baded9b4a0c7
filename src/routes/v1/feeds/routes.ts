import { createRoute } from "@hono/zod-openapi";
import { syncFeedNow } from "../../../services/calendar/sync-now";
import { createFeed, deleteFeed, getFeed, listFeeds, requestFeedSync, updateFeed, type FeedView } from "../../../services/calendar/feeds";
import { errorResponses, idParam, jsonBody, jsonResponse } from "../../common-schemas";
import type { ApiApp } from "../../env";
import { listQuery, pageOf } from "../../pagination";
import { toWire } from "../../serialize";
import type { ServiceDeps } from "../../../services/deps";
import { feed, feedInput, feedListQuery, feedPatch } from "./schema";

const tags = ["Feeds"];
const params = idParam("Feed", "feed_0abc");
const present = (view: FeedView) => toWire(view);

export function registerFeeds(app: ApiApp, deps: ServiceDeps) {
  app.openapi(
    createRoute({ method: "get", path: "/feeds", tags, request: { query: listQuery(feedListQuery) }, responses: { 200: jsonResponse(pageOf(feed), "Feeds"), ...errorResponses } }),
    (c) => {
      const p = listFeeds(deps, c.get("auth").accountId, c.req.valid("query"));
      return c.json({ data: p.data.map(present), nextCursor: p.nextCursor }, 200);
    },
  );

  app.openapi(
    createRoute({ method: "post", path: "/feeds", tags, request: jsonBody(feedInput), responses: { 201: jsonResponse(feed, "Created"), ...errorResponses } }),
    async (c) => {
      const input = c.req.valid("json");
      const { accountId, actor } = c.get("auth");
      const created = createFeed(deps, accountId, input);
      if (!input.paused) await syncFeedNow(deps, accountId, created.id, actor);
      // Read again: the answer shows the first sync's outcome.
      return c.json(present(getFeed(deps, accountId, created.id)), 201);
    },
  );

  app.openapi(
    createRoute({ method: "get", path: "/feeds/{id}", tags, request: { params }, responses: { 200: jsonResponse(feed, "Feed"), ...errorResponses } }),
    (c) => c.json(present(getFeed(deps, c.get("auth").accountId, c.req.valid("param").id)), 200),
  );

  app.openapi(
    createRoute({ method: "patch", path: "/feeds/{id}", tags, request: { params, ...jsonBody(feedPatch) }, responses: { 200: jsonResponse(feed, "Updated"), ...errorResponses } }),
    (c) => c.json(present(updateFeed(deps, c.get("auth").accountId, c.req.valid("param").id, c.req.valid("json"))), 200),
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
      const { accountId, actor } = c.get("auth");
      const due = requestFeedSync(deps, accountId, c.req.valid("param").id);
      await syncFeedNow(deps, accountId, due.id, actor);
      return c.json(present(getFeed(deps, accountId, due.id)), 202);
    },
  );

  app.openapi(
    createRoute({ method: "delete", path: "/feeds/{id}", tags, request: { params }, responses: { 204: { description: "Deleted" }, ...errorResponses } }),
    (c) => {
      deleteFeed(deps, c.get("auth").accountId, c.req.valid("param").id);
      return c.body(null, 204);
    },
  );
}
