import type { Hono } from "hono";
import { showClock, showTime, type TimeContext } from "../../domain/time";
import type { ServiceDeps } from "../../services/deps";
import { accountZone } from "../../services/properties/property-views";
import { todayBoard, type CleanerState, type CodeSummary, type DayGroup, type DayItem, type GuestReach, type LockState } from "../../services/stays/today";
import type { Viewer } from "../../services/web/sessions";
import { requireViewer } from "../auth";
import { takeFlash } from "../cookies";
import type { WebEnv } from "../env";
import { Layout, type Flash } from "../layout";

const KIND: Record<DayItem["kind"], string> = { arrival: "Arrival", departure: "Departure", turnover: "Turnover", block: "Owner block" };

const CODE: Record<CodeSummary, [string, string]> = {
  confirmed: ["s-ok", "code confirmed"],
  programming: ["s-warn", "code programming"],
  none: ["s-idle", "no code yet"],
  failed: ["s-bad", "code failed"],
  no_lock: ["s-bad", "no lock"],
};

const REACH: Record<GuestReach, [string, string]> = {
  delivered: ["s-ok", "guest has the code"],
  sent: ["s-ok", "message sent"],
  not_yet: ["s-idle", "message not sent yet"],
  unreachable: ["s-bad", "guest unreachable"],
  no_contact: ["s-bad", "no guest contact"],
};

function Badge(props: { tone: [string, string] }) {
  return <span class={`badge ${props.tone[0]}`}>{props.tone[1]}</span>;
}

function Cleaners(props: { cleaners: CleanerState[] }) {
  if (props.cleaners.length === 0) return <span class="badge s-bad">no cleaner assigned</span>;
  return (
    <>
      {props.cleaners.map((c) => (
        <span class="nowrap">
          {c.name}: <Badge tone={CODE[c.code]} /> <span class={`badge ${c.told ? "s-ok" : "s-idle"}`}>{c.told ? "told" : "not told yet"}</span>{" "}
        </span>
      ))}
    </>
  );
}

function Locks(props: { locks: LockState[] }) {
  return (
    <>
      {props.locks.map((l) => {
        const online = l.online === null ? ["s-idle", "status unknown"] : l.online ? ["s-ok", "online"] : ["s-bad", "offline"];
        const battery = l.battery === "critical" ? "s-bad" : l.battery === "low" ? "s-warn" : l.battery === "ok" ? "s-ok" : "s-idle";
        return (
          <span class="nowrap">
            {l.name}: <span class={`badge ${online[0]}`}>{online[1]}</span>{" "}
            <span class={`badge ${battery}`}>battery {l.batteryLevel === null ? l.battery : `${l.batteryLevel}%`}</span>{" "}
          </span>
        );
      })}
    </>
  );
}

function Item(props: { item: DayItem; group: DayGroup["key"]; viewerZone: string | null }) {
  const { item } = props;
  const ctx: TimeContext = { zone: item.property.timezone, locale: item.property.locale, viewerZone: props.viewerZone };
  const when = props.group === "week" ? showTime(item.at, ctx) : showClock(item.at, ctx);
  const href = `/dashboard/stays/${item.stayId}`;
  return (
    <li class={`day-item${item.problems.length ? " has-problem" : ""}`} data-kind={item.kind}>
      <p class="item-head">
        <span class={`kind k-${item.kind}`}>{KIND[item.kind]}</span> <time datetime={item.at.toISOString()}>{when}</time>{" "}
        <a href={href}>{item.title}</a> <span class="muted">at</span> <a href={`/dashboard/properties/${item.property.id}`}>{item.property.name}</a>
      </p>
      {item.problems.length ? <p class="error-text">Needs you: {item.problems.join("; ")}.</p> : null}
      <p class="small item-state">
        {item.code ? <Badge tone={CODE[item.code]} /> : null} {item.guest ? <Badge tone={REACH[item.guest]} /> : null}{" "}
        {item.cleaners ? <Cleaners cleaners={item.cleaners} /> : null}
        {item.kind === "arrival" || item.kind === "turnover" ? <Locks locks={item.locks} /> : null}
      </p>
    </li>
  );
}

/**
 * Items a day shows at once: problems come first, so the cap only hides items that are on track (or, on a very bad
 * week, later problems), and a "N more" link pages through the rest. 700 rows on one page were neither usable nor fast.
 */
export const DAY_PAGE = 30;

/** One page of one day: its items from `from`, and how many are left after them. */
interface DayPage {
  group: DayGroup;
  items: DayItem[];
  from: number;
  left: number;
}

function pageOf(group: DayGroup, start: number): DayPage {
  // A stale link past the end shows the day's last page.
  const from = start < group.items.length ? start : Math.max(0, group.items.length - DAY_PAGE);
  const items = group.items.slice(from, from + DAY_PAGE);
  return { group, items, from, left: Math.max(0, group.items.length - from - items.length) };
}

function DaySection(props: { page: DayPage; viewerZone: string | null }) {
  const { group: g, items, from, left } = props.page;
  return (
    <section aria-labelledby={`day-${g.key}`}>
      <h2 id={`day-${g.key}`}>{g.label}</h2>
      {g.items.length === 0 ? (
        <p class="muted">No arrivals, departures or turnovers.</p>
      ) : (
        <>
          {from > 0 ? <p class="muted small">Items {from + 1}–{from + items.length} of {g.items.length}.</p> : null}
          <ul class="plain day" aria-label={g.label}>
            {items.map((item) => <Item item={item} group={g.key} viewerZone={props.viewerZone} />)}
          </ul>
          {left > 0 ? <p><a href={`/dashboard?day=${g.key}&from=${from + items.length}`}>{left} more {left === 1 ? "item" : "items"} for {g.label.toLowerCase()}</a></p> : null}
        </>
      )}
    </section>
  );
}

function TodayPage(props: { viewer: Viewer; groups: DayGroup[]; pages: DayPage[]; viewerZone: string | null; flash: Flash | null; hasProperties: boolean }) {
  const problems = props.groups.reduce((n, g) => n + g.items.filter((i) => i.problems.length > 0).length, 0);
  return (
    <Layout title="Today" viewer={props.viewer} section="today" flash={props.flash}>
      <h1>Today</h1>
      {!props.hasProperties ? (
        <p>No properties yet. <a href="/dashboard/properties">Add your first property</a> and connect its calendar.</p>
      ) : problems > 0 ? (
        <p class="flash bad">{problems} {problems === 1 ? "thing needs" : "things need"} you this week. They are listed first in each day.</p>
      ) : (
        <p class="flash ok">Everything this week is on track.</p>
      )}
      {props.viewerZone ? null : <p class="muted small">Times are in each property's own zone.</p>}
      {props.pages.length === 1 ? <p><a href="/dashboard">Back to the whole week</a></p> : null}
      {props.pages.map((page) => <DaySection page={page} viewerZone={props.viewerZone} />)}
    </Layout>
  );
}

/** The host's landing page: the day across every property, problems first. */
export function registerToday(web: Hono<WebEnv>, deps: ServiceDeps) {
  const host = requireViewer(deps, ["owner", "manager"]);
  web.get("/dashboard", host, (c) => {
    const viewer = c.get("viewer");
    // A member limited to some properties sees only their day.
    const scope = viewer.propertyIds;
    const groups = todayBoard(deps, viewer.accountId).map((g) => (scope === null ? g : { ...g, items: g.items.filter((i) => scope.includes(i.property.id)) }));
    // ?day=week&from=30: the next page of one day, reached from its "N more" link.
    const day = groups.find((g) => g.key === c.req.query("day"));
    const from = Math.max(0, Math.floor(Number(c.req.query("from")) || 0));
    const pages = day ? [pageOf(day, from)] : groups.map((g) => pageOf(g, 0));
    const { zone, zones } = accountZone(deps, viewer.accountId);
    return c.html(<TodayPage viewer={viewer} groups={groups} pages={pages} viewerZone={zone} flash={takeFlash(c, deps.config)} hasProperties={zones > 0} />);
  });
}
