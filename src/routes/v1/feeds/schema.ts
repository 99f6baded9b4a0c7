import { z } from "@hono/zod-openapi";
import { validateFeedUrl } from "../../../services/calendar/feeds";
import { displayName, patchOf } from "../../common-schemas";

/**
 * Feed URLs are secrets (Airbnb's and VRBO's carry a token). Messages here never echo the value: a 400
 * must not put the token into a response body or a log line.
 */
const feedUrl = z
  .string()
  .trim()
  .min(1)
  .max(2048)
  // The service's own rule (webcal:// is read as https://, as calendar apps do): the API refused what the service and
  // the dashboard take.
  .refine((v) => validateFeedUrl(v).ok, { message: "must be an http://, https:// or webcal:// calendar URL" })
  .openapi({ description: "The iCal export URL. Write-only: responses show `urlRedacted`.", example: "https://www.airbnb.com/calendar/ical/123.ics?s=…" });

export const feedInput = z
  .object({
    propertyId: z.string().min(1).max(64),
    url: feedUrl,
    name: displayName(200).nullable().optional(),
    syncIntervalMinutes: z.number().int().min(5).max(1440).default(10),
    paused: z.boolean().default(false),
  })
  .strict()
  .openapi("FeedInput");

/** The URL and property cannot change: a different calendar is a different feed (its stays hang off this one). */
export const feedPatch = patchOf(feedInput.omit({ propertyId: true, url: true })).openapi("FeedPatch");

export const feed = z
  .object({
    id: z.string(),
    propertyId: z.string(),
    name: z.string().nullable(),
    urlRedacted: z.string(),
    source: z.string(),
    status: z.string(),
    paused: z.boolean(),
    syncIntervalMinutes: z.number(),
    nextSyncAt: z.string().nullable(),
    lastSyncAt: z.string().nullable(),
    lastSuccessAt: z.string().nullable(),
    lastError: z.string().nullable(),
    lastEventCount: z.number().nullable(),
    consecutiveFailures: z.number(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Feed");

export const feedListQuery = z.object({ propertyId: z.string().max(64).optional() });

/** What one sync did, in words a host can act on (never the feed URL). */
export const feedSync = z
  .object({
    ok: z.boolean(),
    result: z.enum(["changed", "unchanged", "failed", "skipped"]),
    reason: z.string().nullable().openapi({ description: "Why a sync failed or was skipped (`http_status`, `not_calendar`, `paused`, …)" }),
    summary: z.string(),
  })
  .openapi("FeedSync");

export const feedCreated = feed
  .extend({ firstSync: feedSync.nullable().openapi({ description: "The first sync, run in the request (null for a feed created paused). `ok: false` says the calendar could not be read yet; the feed is saved and retried on its schedule." }) })
  .openapi("FeedCreated");

export const feedSynced = feed.extend({ sync: feedSync }).openapi("FeedSynced");
