import type { Context, Hono } from "hono";
import { findFeed, findLock } from "../../services/lookups";
import { deleteFeed, requestFeedSync, updateFeed } from "../../services/calendar/feeds";
import { describeSync, syncFeedNow } from "../../services/calendar/sync-now";
import type { ServiceDeps } from "../../services/deps";
import { ServiceError } from "../../services/errors";
import { simulateKeypad } from "../../services/door/simulate-keypad";
import { checkLockHealth } from "../../services/health/check-lock";
import { lockPatch } from "../../services/locks/lock-input";
import { deleteLock, updateLock } from "../../services/locks/locks";
import { requireViewer } from "../auth";
import { setFlash } from "../cookies";
import type { WebEnv } from "../env";
import { feedName } from "./manage-items";

/**
 * What a host does to a property's calendars and locks from its page, through the same services as the API: each
 * action answers with a redirect back to the item and a sentence saying what happened (or why it did not).
 */
export function registerPropertyActions(web: Hono<WebEnv>, deps: ServiceDeps) {
  const { db, config } = deps;
  const host = requireViewer(deps, ["owner", "manager"]);
  const back = (c: Context<WebEnv>, anchor: string) => c.redirect(`/dashboard/properties/${c.req.param("id")}#${anchor}`, 303);
  const say = (c: Context<WebEnv>, ok: boolean, text: string) => setFlash(c, config, { kind: ok ? "ok" : "bad", text });
  /** The feed or lock, only when it is the viewer's and belongs to the property in the path (else a 404). */
  const feedOf = (c: Context<WebEnv>) => {
    const feed = findFeed(db, c.get("viewer").accountId, c.req.param("feedId") ?? "");
    if (feed.propertyId !== c.req.param("id")) throw new ServiceError("not_found", "No such calendar.");
    return feed;
  };
  const lockOf = (c: Context<WebEnv>) => findLock(db, c.get("viewer").accountId, c.req.param("lockId") ?? "");
  const refused = (c: Context<WebEnv>, err: unknown, anchor: string) => {
    if (!(err instanceof ServiceError) || err.kind === "not_found") throw err;
    say(c, false, err.message.charAt(0).toUpperCase() + err.message.slice(1));
    return back(c, anchor);
  };

  web.post("/dashboard/properties/:id/feeds/:feedId/sync", host, async (c) => {
    const viewer = c.get("viewer");
    const feed = feedOf(c);
    if (feed.status === "paused") {
      say(c, false, `${feedName(feed)} is paused: resume it first, then sync.`);
      return back(c, `feed-${feed.id}`);
    }
    try {
      requestFeedSync(deps, viewer.accountId, feed.id);
    } catch (err) {
      return refused(c, err, `feed-${feed.id}`);
    }
    const outcome = await syncFeedNow(deps, viewer.accountId, feed.id, `user:${viewer.userId}`);
    if (outcome) {
      const { ok, summary } = describeSync(outcome);
      say(c, ok, `${feedName(feed)}: ${summary}`);
    } else {
      say(c, false, `${feedName(feed)} did not finish syncing just now. It is retried automatically.`);
    }
    return back(c, `feed-${feed.id}`);
  });

  for (const [action, paused] of [["pause", true], ["resume", false]] as const) {
    web.post(`/dashboard/properties/:id/feeds/:feedId/${action}`, host, (c) => {
      const feed = feedOf(c);
      updateFeed(deps, c.get("viewer").accountId, feed.id, { paused });
      say(c, true, paused ? `Paused ${feedName(feed)}. Its stays stay as they are until you resume it.` : `Resumed ${feedName(feed)}: it is read again now.`);
      return back(c, `feed-${feed.id}`);
    });
  }

  web.post("/dashboard/properties/:id/feeds/:feedId/rename", host, async (c) => {
    const feed = feedOf(c);
    const form = await c.req.parseBody();
    const name = typeof form.name === "string" ? form.name.trim().slice(0, 100) : "";
    const updated = updateFeed(deps, c.get("viewer").accountId, feed.id, { name: name === "" ? null : name });
    say(c, true, `Renamed to ${feedName(updated)}.`);
    return back(c, `feed-${feed.id}`);
  });

  web.post("/dashboard/properties/:id/feeds/:feedId/delete", host, (c) => {
    const feed = feedOf(c);
    deleteFeed(deps, c.get("viewer").accountId, feed.id);
    say(c, true, `Removed ${feedName(feed)}. The stays it brought in are kept.`);
    return back(c, "calendars");
  });

  // The demo's keypad: the same simulateKeypad as the API; the PIN is neither echoed back nor logged.
  web.post("/dashboard/properties/:id/locks/:lockId/keypad", host, async (c) => {
    const lock = lockOf(c);
    const form = await c.req.parseBody();
    const pin = typeof form.pin === "string" ? form.pin.trim() : "";
    if (!/^\d{4,8}$/.test(pin)) {
      say(c, false, "A PIN is 4 to 8 digits.");
      return back(c, `lock-${lock.id}`);
    }
    try {
      const { outcome, event } = await simulateKeypad(deps, c.get("viewer").accountId, lock.id, pin);
      say(c, outcome === "unlocked", outcome === "unlocked"
        ? `${lock.name} unlocked${event?.actor ? ` with a ${event.actor} code` : ""}. It is in the access log${event?.stayId ? " and on the stay's page" : ""}.`
        : `${lock.name} refused the PIN (logged as a wrong code).`);
    } catch (err) {
      if (!(err instanceof ServiceError) || err.kind === "not_found") throw err;
      say(c, false, err.message);
    }
    return back(c, `lock-${lock.id}`);
  });

  web.post("/dashboard/properties/:id/locks/:lockId/check", host, async (c) => {
    const lock = lockOf(c);
    let result: Awaited<ReturnType<typeof checkLockHealth>>;
    try {
      result = await checkLockHealth(deps, lock.id);
    } catch (err) {
      deps.logger.warn({ lockId: lock.id, err: { name: (err as Error).name } }, "checking a lock from the dashboard failed");
      say(c, false, `Could not reach ${lock.name} just now. It is checked again automatically.`);
      return back(c, `lock-${lock.id}`);
    }
    const now = findLock(db, c.get("viewer").accountId, lock.id);
    say(c, true, result === "skipped_recent"
      ? `${lock.name} was checked less than 25 minutes ago (battery locks are not woken more often): ${now.online === false ? "offline" : "online"}, battery ${now.batteryLevel ?? "unknown"}${now.batteryLevel === null ? "" : "%"}.`
      : `Checked ${lock.name}: ${now.online === false ? "offline" : "online"}, battery ${now.batteryLevel ?? "unknown"}${now.batteryLevel === null ? "" : "%"}.`);
    return back(c, `lock-${lock.id}`);
  });

  web.post("/dashboard/properties/:id/locks/:lockId/rename", host, async (c) => {
    const lock = lockOf(c);
    const form = await c.req.parseBody();
    // The API's own patch rules, so a name the API would refuse is refused here too.
    const parsed = lockPatch.safeParse({ name: typeof form.name === "string" ? form.name.trim() : "" });
    if (!parsed.success) {
      say(c, false, `Not renamed: ${parsed.error.issues[0]?.message ?? "enter a name"}.`);
      return back(c, `lock-${lock.id}`);
    }
    try {
      const updated = updateLock(deps, c.get("viewer").accountId, lock.id, parsed.data);
      say(c, true, `Renamed to ${updated.name}.`);
    } catch (err) {
      return refused(c, err, `lock-${lock.id}`);
    }
    return back(c, `lock-${lock.id}`);
  });

  web.post("/dashboard/properties/:id/locks/:lockId/delete", host, (c) => {
    const lock = lockOf(c);
    try {
      deleteLock(deps, c.get("viewer").accountId, lock.id);
    } catch (err) {
      return refused(c, err, `lock-${lock.id}`);
    }
    say(c, true, `Removed ${lock.name}.`);
    return back(c, "locks");
  });
}
