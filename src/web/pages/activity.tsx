import type { Hono } from "hono";
import { DateTime } from "luxon";
import { LOCK_EVENT_KINDS, type LockEventKind } from "../../domain/door/lock-event-kinds";
import type { ServiceDeps } from "../../services/deps";
import { accessLogChoices, accessLogCsvPage, accessLogPage, type LockEventFilters, type LockEventView } from "../../services/door/list-lock-events";
import type { Viewer } from "../../services/web/sessions";
import { requireViewer } from "../auth";
import { DOOR_ACTOR_WORDS, DOOR_EVENT_WORDS } from "../door-words";
import type { WebEnv } from "../env";
import { formatInstant, zoned } from "../format";
import { Layout } from "../layout";

const PAGE_SIZE = 50;
/** The dashboard's download: the oldest this many of what the filters select (the API pages through more). */
const CSV_MAX_ROWS = 10_000;
const ID = /^[a-z]{2,5}_[0-9a-z]{6,48}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The filters as the page's query string carries them (the form's names), kept to build links. */
interface Query { property?: string; lock?: string; stay?: string; contact?: string; kind?: string; from?: string; to?: string }
const QUERY_KEYS = ["property", "lock", "stay", "contact", "kind", "from", "to"] as const;

function readQuery(get: (key: string) => string | undefined): Query {
  const q: Query = {};
  for (const key of QUERY_KEYS) {
    const v = get(key)?.trim();
    if (v && v.length <= 64) q[key] = v;
  }
  return q;
}

const link = (path: string, q: Query, extra: Record<string, string> = {}) => {
  const params = new URLSearchParams({ ...Object.fromEntries(Object.entries(q).filter(([, v]) => v)), ...extra });
  const s = params.toString();
  return s ? `${path}?${s}` : path;
};

/**
 * The query as service filters, or what is wrong with it. Dates are days at the chosen property (else in the account's
 * zone): "from" its first instant, "to" through its last. An id that is not one (or another account's) selects nothing.
 */
function filtersOf(q: Query, zone: string): { filters: LockEventFilters; errors: Partial<Record<"from" | "to" | "kind", string>> } {
  const errors: Partial<Record<"from" | "to" | "kind", string>> = {};
  const filters: LockEventFilters = {};
  const id = (v: string | undefined) => (v && ID.test(v) ? v : v ? "none_000000" : undefined);
  const lockId = id(q.lock), propertyId = id(q.property), stayId = id(q.stay), contactId = id(q.contact);
  if (lockId) filters.lockId = lockId;
  if (propertyId) filters.propertyId = propertyId;
  if (stayId) filters.stayId = stayId;
  if (contactId) filters.contactId = contactId;
  if (q.kind) {
    if ((LOCK_EVENT_KINDS as readonly string[]).includes(q.kind)) filters.kind = q.kind as LockEventKind;
    else errors.kind = "Choose one of the listed kinds.";
  }
  const day = (v: string | undefined, key: "from" | "to") => {
    if (!v) return undefined;
    const d = DATE.test(v) ? DateTime.fromISO(v, { zone }) : null;
    if (!d?.isValid) {
      errors[key] = "Enter a date as YYYY-MM-DD.";
      return undefined;
    }
    return (key === "to" ? d.plus({ days: 1 }) : d).startOf("day").toJSDate();
  };
  const from = day(q.from, "from"), to = day(q.to, "to");
  if (from) filters.from = from;
  if (to) filters.to = to;
  if (from && to && to.getTime() <= from.getTime()) errors.to = "The last day cannot come before the first.";
  return { filters, errors };
}

function Filters(props: { q: Query; choices: ReturnType<typeof accessLogChoices>; errors: Partial<Record<string, string>>; names: { stay?: string; contact?: string } }) {
  const { q, choices, errors } = props;
  const err = (key: string) => (errors[key] ? <p class="error-text" id={`af-${key}-err`}>{errors[key]}</p> : null);
  const described = (key: string) => (errors[key] ? { "aria-describedby": `af-${key}-err`, "aria-invalid": "true" } : {});
  return (
    <form method="get" action="/dashboard/activity" class="card row" aria-label="Filter door activity">
      <div>
        <label for="af-property">Property</label>
        <select id="af-property" name="property">
          <option value="">All properties</option>
          {choices.properties.map((p) => <option value={p.id} selected={p.id === q.property}>{p.name}</option>)}
        </select>
      </div>
      <div>
        <label for="af-lock">Lock</label>
        <select id="af-lock" name="lock">
          <option value="">All locks</option>
          {choices.locks.map((l) => <option value={l.id} selected={l.id === q.lock}>{l.propertyName} · {l.name}</option>)}
        </select>
      </div>
      <div>
        <label for="af-kind">What happened</label>
        <select id="af-kind" name="kind" {...described("kind")}>
          <option value="">Everything</option>
          {LOCK_EVENT_KINDS.map((k) => <option value={k} selected={k === q.kind}>{DOOR_EVENT_WORDS[k] ?? k}</option>)}
        </select>
        {err("kind")}
      </div>
      <div>
        <label for="af-from">From (day)</label>
        <input id="af-from" name="from" type="date" value={q.from ?? ""} {...described("from")} />
        {err("from")}
      </div>
      <div>
        <label for="af-to">To (day)</label>
        <input id="af-to" name="to" type="date" value={q.to ?? ""} {...described("to")} />
        {err("to")}
      </div>
      {q.stay ? <input type="hidden" name="stay" value={q.stay} /> : null}
      {q.contact ? <input type="hidden" name="contact" value={q.contact} /> : null}
      <div><button type="submit">Filter</button></div>
      {q.stay || q.contact ? (
        <p class="small" style="flex-basis:100%">
          {q.stay ? <>Only the stay of {props.names.stay ?? "this guest"}. </> : null}
          {q.contact ? <>Only {props.names.contact ?? "this person"}'s codes. </> : null}
          <a href={link("/dashboard/activity", { ...q, stay: undefined, contact: undefined } as Query)}>Show everyone</a>
        </p>
      ) : null}
    </form>
  );
}

function Who(props: { e: LockEventView; q: Query }) {
  const { e, q } = props;
  if (e.stayId && e.guestName) return <a href={link("/dashboard/activity", { ...q, stay: e.stayId })}>{e.guestName}</a>;
  if (e.contactId && e.contactName) return <a href={link("/dashboard/activity", { ...q, contact: e.contactId })}>{e.contactName}</a>;
  if (e.stayId) return <a href={`/dashboard/stays/${e.stayId}`}>a stay</a>;
  return <span class="muted">—</span>;
}

function Log(props: { rows: LockEventView[]; q: Query; viewer: Viewer }) {
  return (
    <div class="table-wrap">
      <table aria-label="Door activity">
        <thead><tr><th scope="col">When (at the property)</th><th scope="col">Door</th><th scope="col">What happened</th><th scope="col">Whose code</th><th scope="col">Who</th></tr></thead>
        <tbody>
          {props.rows.map((e) => (
            <tr>
              <td>{formatInstant(e.occurredAt, zoned(e, props.viewer))}</td>
              <td>{e.propertyName} · {e.lockName}</td>
              <td>{DOOR_EVENT_WORDS[e.kind] ?? e.kind}</td>
              <td class="small">{e.actor ? (DOOR_ACTOR_WORDS[e.actor] ?? e.actor) : e.method === "keypad" ? "keypad" : e.method}</td>
              <td><Who e={e} q={props.q} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The access log across the account (or a member's properties): what every door reported, newest first, in each
 * property's local time, narrowed by property, lock, stay, person, kind and days, in pages; the same selection as CSV.
 */
export function registerActivityPage(web: Hono<WebEnv>, deps: ServiceDeps) {
  const hosts = requireViewer(deps, ["owner", "manager"]);
  const zoneFor = (viewer: Viewer, q: Query, choices: ReturnType<typeof accessLogChoices>) =>
    choices.properties.find((p) => p.id === q.property)?.timezone ?? viewer.timeZone ?? "UTC";

  web.get("/dashboard/activity", hosts, (c) => {
    const viewer = c.get("viewer");
    const q = readQuery((k) => c.req.query(k));
    const choices = accessLogChoices(deps.db, viewer.accountId, viewer.propertyIds);
    const { filters, errors } = filtersOf(q, zoneFor(viewer, q, choices));
    const cursor = c.req.query("cursor");
    const invalid = Object.keys(errors).length > 0;
    const page = invalid ? { rows: [], nextCursor: null } : accessLogPage(deps.db, viewer.accountId, { ...filters, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) }, viewer.propertyIds);
    const names = { stay: page.rows.find((r) => r.stayId === q.stay)?.guestName ?? undefined, contact: page.rows.find((r) => r.contactId === q.contact)?.contactName ?? undefined };
    const filtered = QUERY_KEYS.some((k) => q[k]);
    return c.html(
      <Layout title="Door activity" viewer={viewer} section="activity">
        <h1>Door activity</h1>
        <p class="muted">Who opened which door when: every unlock, lock, wrong code and tamper your locks reported, newest first, in each property's local time. No PIN is ever shown or kept here.</p>
        <Filters q={q} choices={choices} errors={errors} names={names} />
        {invalid ? null : <p class="small"><a href={link("/dashboard/activity/export.csv", q)} download="access-log.csv">Download these events as CSV</a> (oldest first, up to {CSV_MAX_ROWS.toLocaleString("en-US")} rows)</p>}
        {page.rows.length === 0 ? <p class="muted">{invalid ? "Fix the filters above to see events." : filtered || cursor ? "No door events match these filters." : "No door events yet. Locks that report activity (Seam, Z-Wave JS, Home Assistant, the simulated keypad) fill this log."}</p> : <Log rows={page.rows} q={q} viewer={viewer} />}
        {page.nextCursor ? <nav aria-label="Pages" class="small"><a rel="next" href={link("/dashboard/activity", q, { cursor: page.nextCursor })}>Older events</a></nav> : null}
      </Layout>,
      invalid ? 400 : 200,
    );
  });

  web.get("/dashboard/activity/export.csv", hosts, (c) => {
    const viewer = c.get("viewer");
    const q = readQuery((k) => c.req.query(k));
    const choices = accessLogChoices(deps.db, viewer.accountId, viewer.propertyIds);
    const { filters, errors } = filtersOf(q, zoneFor(viewer, q, choices));
    if (Object.keys(errors).length > 0) return c.text(Object.entries(errors).map(([k, v]) => `${k}: ${v}`).join("\n"), 400);
    const { csv } = accessLogCsvPage(deps.db, viewer.accountId, { ...filters, limit: CSV_MAX_ROWS }, viewer.propertyIds);
    return c.body(csv, 200, { "content-type": "text/csv; charset=utf-8", "content-disposition": 'attachment; filename="access-log.csv"', "cache-control": "no-store" });
  });
}
