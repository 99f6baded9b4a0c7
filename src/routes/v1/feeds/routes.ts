import { createRoute } from "@hono/zod-openapi";
import { describeSync, syncFeedNow } from "../../../services/calendar/sync-now";
import type { SyncOutcome } from "../../../services/calendar/sync-outcome";
import { ApiError } from "../../problem";
import { createFeed, deleteFeed, getFeed, listFeeds, requestFeedSync, updateFeed, type FeedView } from "../../../services/calendar/feeds";
import { errorResponses, idParam, jsonBody, jsonResponse, problem } from "../../common-schemas";
import type { ApiApp } from "../../env";
import { listQuery, pageOf } from "../../pagination";
import { toWire } from "../../serialize";
import type { ServiceDeps } from "../../../services/deps";
import { feed, feedCreated, feedInput, feedListQuery, feedPatch, feedSynced } from "./schema";

const tags = ["Feeds"];
const params = idParam("Feed", "feed_0abc");
const present = (view: FeedView) => toWire(view);

function syncSummary(outcome: SyncOutcome) {
  const { ok, summary } = describeSync(outcome);
  const reason = outcome.result === "failed" || outcome.result === "skipped" || outcome.result === "unchanged" ? outcome.reason : null;
  return { ok, result: outcome.result, reason, summary };
}

export function registerFeeds(app: ApiApp, deps: ServiceDeps) {
  app.openapi(
    createRoute({ method: "get", path: "/feeds", tags, request: { query: listQuery(feedListQuery) }, responses: { 200: jsonResponse(pageOf(feed), "Feeds"), ...errorResponses } }),
    (c) => {
      const p = listFeeds(deps, c.get("auth").accountId, c.req.valid("query"));
      return c.json({ data: p.data.map(present), nextCursor: p.nextCursor }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/feeds",
      tags,
      request: jsonBody(feedInput),
      responses: { 201: jsonResponse(feedCreated, "Created; `firstSync` says whether the calendar could be read"), ...errorResponses },
    }),
    async (c) => {
      const input = c.req.valid("json");
      const { accountId, actor } = c.get("auth");
      const created = createFeed(deps, accountId, input);
      const outcome = input.paused ? null : await syncFeedNow(deps, accountId, created.id, actor);
      const firstSync = input.paused
        ? null
        : outcome
          ? syncSummary(outcome)
          : { ok: false, result: "failed" as const, reason: "deferred", summary: "the first sync could not run now; it is retried on the feed's schedule." };
      // Read again: the answer shows the first sync's outcome.
      return c.json({ ...present(getFeed(deps, accountId, created.id)), firstSync }, 201);
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
      summary: "Sync this feed now, in the request",
      description:
        "200 with the feed and `sync` when the calendar was read (changed or unchanged). A calendar that could not be read is a 502 problem (`sync_failed`) carrying the same `feed` and `sync` members; a sync that could not run at all (the database was busy) is a 503 (`sync_deferred`, retried on the feed's schedule); a paused feed is a 409.",
      request: { params },
      responses: {
        200: jsonResponse(feedSynced, "Synced"),
        ...errorResponses,
        502: problem("The calendar could not be read (`sync_failed`); `feed` and `sync` say why"),
        503: problem("The sync could not run now (`sync_deferred`); retried on the feed's schedule"),
      },
    }),
    async (c) => {
      const { accountId, actor } = c.get("auth");
      const due = requestFeedSync(deps, accountId, c.req.valid("param").id);
      const outcome = await syncFeedNow(deps, accountId, due.id, actor);
      if (!outcome) {
        c.header("retry-after", "60");
        throw new ApiError(503, "sync_deferred", "Sync deferred", "the sync could not run now; the feed is due and its job retries it");
      }
      const sync = syncSummary(outcome);
      const view = present(getFeed(deps, accountId, due.id));
      if (outcome.result === "skipped") throw new ApiError(409, "conflict", "Conflict", sync.summary, undefined, { feed: view, sync });
      if (outcome.result === "failed") throw new ApiError(502, "sync_failed", "Calendar could not be read", sync.summary, undefined, { feed: view, sync });
      return c.json({ ...view, sync }, 200);
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
