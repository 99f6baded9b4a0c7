import type { Context, Hono } from "hono";
import { monthOf, parseMonth, shiftMonth } from "../../domain/month";
import { showDay, showMonth } from "../../domain/time";
import type { ServiceDeps } from "../../services/deps";
import { findProperty } from "../../services/lookups";
import { CALENDAR_PAGE, calendarPropertyCount, monthCalendar } from "../../services/stays/month-calendar";
import { requireViewer } from "../auth";
import type { WebEnv } from "../env";
import { zoned } from "../format";
import { Layout } from "../layout";
import { WebError } from "../web-error";
import { CalendarLegend, MonthGrid } from "./month-grid";
import { PropertyTabs } from "./property-tabs";

/** The month asked for (`?month=2026-12`), else the month it is now in `zone`; a malformed one is refused in words. */
function monthAsked(c: Context<WebEnv>, now: Date, zone: string): string {
  const asked = c.req.query("month");
  if (asked === undefined || asked === "") return monthOf(now, zone);
  const month = parseMonth(asked);
  if (!month) throw new WebError(400, `"${asked.slice(0, 20)}" is not a month: use the form 2026-12 (year, then month).`);
  return month;
}

function MonthNav(props: { base: string; month: string; current: string; locale: string }) {
  const prev = shiftMonth(props.month, -1);
  const next = shiftMonth(props.month, 1);
  return (
    <nav aria-label="Months" class="cal-nav">
      <a href={`${props.base}?month=${prev}`} rel="prev">← {showMonth(prev, props.locale)}</a>
      {props.month === props.current ? null : <a href={props.base}>This month</a>}
      <a href={`${props.base}?month=${next}`} rel="next">{showMonth(next, props.locale)} →</a>
    </nav>
  );
}

/** Which page of properties (`?from=50`): a number past the end or not a number is refused in words. */
function pageOffset(raw: string | undefined, total: number): number {
  if (raw === undefined || raw === "") return 0;
  const n = /^\d{1,6}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n % CALENDAR_PAGE !== 0 || (n > 0 && n >= total)) {
    throw new WebError(400, `"${raw.slice(0, 20)}" is not a page of your properties: use from=0, from=${CALENDAR_PAGE} and so on, below ${Math.max(total, 1)}.`);
  }
  return n;
}

function PropertyPages(props: { month: string; offset: number; total: number }) {
  const { offset, total } = props;
  const last = Math.min(offset + CALENDAR_PAGE, total);
  const link = (from: number) => `/dashboard/calendar?month=${props.month}&from=${from}`;
  return (
    <nav aria-label="Pages of properties" class="cal-nav">
      {offset > 0 ? <a href={link(offset - CALENDAR_PAGE)} rel="prev">← Properties {offset - CALENDAR_PAGE + 1}–{offset}</a> : null}
      <span>Properties {offset + 1}–{last} of {total}</span>
      {last < total ? <a href={link(last)} rel="next">Properties {last + 1}–{Math.min(last + CALENDAR_PAGE, total)} →</a> : null}
    </nav>
  );
}

/** A property's month (a tab of its page), and every property's month in one timeline (the Calendar page). */
export function registerCalendarPages(web: Hono<WebEnv>, deps: ServiceDeps) {
  const host = requireViewer(deps, ["owner", "manager"]);

  web.get("/dashboard/properties/:id/calendar", host, (c) => {
    const viewer = c.get("viewer");
    const property = findProperty(deps.db, viewer.accountId, c.req.param("id"));
    const now = deps.clock.now();
    const month = monthAsked(c, now, property.timezone);
    const [pm] = monthCalendar(deps, viewer.accountId, month, [property.id]);
    const ctx = zoned(property, viewer);
    const title = showMonth(month, property.locale);
    const base = `/dashboard/properties/${property.id}/calendar`;
    return c.html(
      <Layout title={`${property.name}: ${title}`} viewer={viewer} section="properties">
        <h1>{property.name}</h1>
        <PropertyTabs propertyId={property.id} current="calendar" name={property.name} />
        <h2>{title}</h2>
        <MonthNav base={base} month={month} current={monthOf(now, property.timezone)} locale={property.locale} />
        <p class="muted small">
          Times in {property.timezone}. {pm?.today === null || !pm ? "" : `Today is ${showDay(now, ctx)}, marked on the calendar. `}Choose a stay, a code or a cleaning to open its stay.
        </p>
        <CalendarLegend />
        {pm ? <MonthGrid months={[pm]} label={`${title} at ${property.name}`} contextOf={() => ctx} named={false} /> : null}
      </Layout>,
    );
  });

  web.get("/dashboard/calendar", host, (c) => {
    const viewer = c.get("viewer");
    const now = deps.clock.now();
    const month = monthAsked(c, now, viewer.timeZone ?? "UTC");
    const total = calendarPropertyCount(deps, viewer.accountId, viewer.propertyIds);
    const offset = pageOffset(c.req.query("from"), total);
    const months = monthCalendar(deps, viewer.accountId, month, viewer.propertyIds, { offset, limit: CALENDAR_PAGE });
    const locale = months[0]?.property.locale ?? "en-US";
    const title = showMonth(month, locale);
    return c.html(
      <Layout title={`Calendar: ${title}`} viewer={viewer} section="calendar">
        <h1>Calendar</h1>
        <h2>{title}</h2>
        <MonthNav base="/dashboard/calendar" month={month} current={monthOf(now, viewer.timeZone ?? "UTC")} locale={locale} />
        {months.length === 0 ? (
          <p>No properties yet. <a href="/dashboard/properties">Add your first property</a> and connect its calendar.</p>
        ) : (
          <>
            <p class="muted small">
              One row per property, each in its own zone{viewer.timeZone ? ` (${viewer.timeZone})` : ""}; today is marked on each. Choose a stay, a code or a
              cleaning to open its stay.
            </p>
            <CalendarLegend />
            <MonthGrid months={months} label={`${title}, every property`} contextOf={(m) => zoned(m.property, viewer)} named />
            {total > CALENDAR_PAGE ? <PropertyPages month={month} offset={offset} total={total} /> : null}
          </>
        )}
      </Layout>,
    );
  });
}
