import type { Clock } from "../../lib/clock";
import { ANCHOR_FILE } from "../../services/demo/calendar-url";
import type { ApiApp } from "../env";
import { notFound } from "../problem";
import { renderSampleCalendar } from "./sample-calendar";

/**
 * `GET /demo/calendars/<yyyy-mm-dd>.ics`: the sample Airbnb calendar `staykey demo` syncs, served by staykey itself so
 * the demo needs no network. Mounted only by the demo; it holds no data of any account.
 */
export function registerDemoCalendar(app: ApiApp, deps: { clock: Clock }): void {
  app.get("/demo/calendars/:file", (c) => {
    const anchor = ANCHOR_FILE.exec(c.req.param("file"))?.[1];
    if (!anchor || Number.isNaN(Date.parse(`${anchor}T00:00:00Z`))) throw notFound("calendar");
    return c.body(renderSampleCalendar(anchor, deps.clock.now()), 200, { "content-type": "text/calendar; charset=utf-8" });
  });
}
