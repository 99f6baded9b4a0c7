import type { Child } from "hono/jsx";
import type { CodeState } from "../../domain/access/code-states";
import { dayIndexOf, type MonthFrame, type MonthTrackKey } from "../../domain/month";
import { showWeekday, showWindow, zoneName, type TimeContext } from "../../domain/time";
import type { MonthEntry, PropertyMonth } from "../../services/stays/month-calendar";

const TRACK_LABEL: Record<MonthTrackKey, string> = { stays: "Stays", codes: "Guest codes", cleaning: "Cleaning" };
const KIND_WORD: Record<MonthEntry["kind"], string> = { stay: "stay", block: "owner block", code: "guest code", turnover: "cleaning" };
const CODE_WORD: Record<CodeState, string> = {
  planned: "not on the lock yet", programming: "programming", active: "confirmed", failed: "failed",
  revoking: "being removed", revoked: "removed", cancelled: "cancelled",
};
const CODE_TONE: Record<CodeState, string> = {
  planned: "c-wait", programming: "c-wait", active: "c-ok", failed: "c-bad", revoking: "c-done", revoked: "c-done", cancelled: "c-done",
};

const pct = (days: number, of: number) => `${((days / of) * 100).toFixed(3)}%`;

/**
 * showWindow for every bar of one property's month, with the zone's name read once per local day instead of once per
 * bar (naming a zone is the costliest part of a time, and a month of 200 properties draws a couple of thousand bars).
 * A day whose first and last instants carry the same name (every day but a DST change's) names any instant in it.
 */
function windowsOf(frame: MonthFrame, ctx: TimeContext): (from: Date, to: Date) => string {
  const named = !ctx.viewerZone || ctx.viewerZone !== ctx.zone;
  const quiet: TimeContext = { ...ctx, viewerZone: ctx.zone };
  const byDay = new Map<number, string | null>();
  const nameAt = (at: Date): string => {
    const day = dayIndexOf(frame, at);
    if (day === null) return zoneName(at, ctx.zone, ctx.locale);
    let name = byDay.get(day);
    if (name === undefined) {
      const d = frame.days[day]!;
      const first = zoneName(d.start, ctx.zone, ctx.locale);
      name = first === zoneName(new Date(d.end.getTime() - 1), ctx.zone, ctx.locale) ? first : null;
      byDay.set(day, name);
    }
    return name ?? zoneName(at, ctx.zone, ctx.locale);
  };
  return (from, to) => `${showWindow(from, to, quiet)}${named ? ` ${nameAt(to)}` : ""}`;
}

function Bar(props: { entry: MonthEntry & { placement: { start: number; end: number; fromBefore: boolean; untilAfter: boolean } }; days: number; windowOf: (from: Date, to: Date) => string }) {
  const { entry, days } = props;
  const p = entry.placement;
  const state = entry.codeState ? `, ${CODE_WORD[entry.codeState]}` : "";
  const when = props.windowOf(entry.from, entry.to);
  const tone = entry.kind === "code" && entry.codeState ? ` ${CODE_TONE[entry.codeState]}` : "";
  const edges = `${p.fromBefore ? " from-before" : ""}${p.untilAfter ? " until-after" : ""}`;
  return (
    <a
      class={`bar b-${entry.kind}${tone}${edges}`}
      href={`/dashboard/stays/${entry.stayId}`}
      style={`left:${pct(p.start, days)};width:${pct(p.end - p.start, days)}`}
      title={`${entry.title} (${KIND_WORD[entry.kind]}${state}): ${when}`}
    >
      {entry.title}
      <span class="vh">{` (${KIND_WORD[entry.kind]}${state}): ${when}`}</span>
    </a>
  );
}

function Days(props: { month: PropertyMonth; ctx: TimeContext }) {
  const { frame, today } = props.month;
  return (
    <div class="cal-row cal-head" aria-hidden="true">
      <span class="cal-label" />
      <span class="cal-days" style={`grid-template-columns:repeat(${frame.days.length},1fr)`}>
        {frame.days.map((d, i) => (
          <span class={[d.weekday >= 6 ? "weekend" : "", i === today ? "today" : ""].filter(Boolean).join(" ") || undefined}>
            <b>{d.day}</b>
            <small>{showWeekday(d.weekday, props.ctx.locale)}</small>
          </span>
        ))}
      </span>
    </div>
  );
}

/** The lanes of one property's month, under a label; `heading` names the property on the all-properties calendar. */
function PropertyRows(props: { month: PropertyMonth; ctx: TimeContext; heading?: Child }) {
  const { frame, tracks, today } = props.month;
  const days = frame.days.length;
  const empty = tracks.every((t) => t.lanes.every((l) => l.length === 0));
  const windowOf = windowsOf(frame, props.ctx);
  return (
    <li class="cal-property">
      {props.heading}
      {tracks.map((track) =>
        track.lanes.map((lane, i) => (
          <div class="cal-row">
            <span class="cal-label small">{i === 0 ? TRACK_LABEL[track.key] : ""}</span>
            <span class="cal-lane" style={`background-size:${pct(1, days)} 100%`}>
              {today === null ? null : <span class="cal-today" aria-hidden="true" style={`left:${pct(today, days)};width:${pct(1, days)}`} />}
              {empty ? <span class="cal-empty small muted">Nothing this month</span> : null}
              {lane.map((entry) => <Bar entry={entry} days={days} windowOf={windowOf} />)}
            </span>
          </div>
        )),
      )}
    </li>
  );
}

/**
 * A month drawn on the server: one column per local day, each property's stays, owner blocks, guests' code windows and
 * cleanings as bars placed to the hour in its own zone (domain/month), each opening its stay. No script: the bars are
 * links, their full text (kind, state, times) is in them for screen readers and in their title for a pointer.
 */
export function MonthGrid(props: { months: PropertyMonth[]; label: string; contextOf: (m: PropertyMonth) => TimeContext; named: boolean }) {
  const first = props.months[0];
  if (!first) return null;
  return (
    <div class="cal-wrap" role="region" aria-label={props.label} tabindex={0}>
      <div class="cal">
        <Days month={first} ctx={props.contextOf(first)} />
        <ul class="plain cal-list">
          {props.months.map((m) => (
            <PropertyRows
              month={m}
              ctx={props.contextOf(m)}
              heading={props.named ? <h3 class="cal-name"><a href={`/dashboard/properties/${m.property.id}/calendar?month=${m.frame.month}`}>{m.property.name}</a> <span class="small muted">{m.property.timezone}</span></h3> : undefined}
            />
          ))}
        </ul>
      </div>
    </div>
  );
}

export function CalendarLegend() {
  return (
    <p class="cal-legend small" aria-hidden="true">
      <span class="bar b-stay">Stay</span> <span class="bar b-block">Owner block</span> <span class="bar b-code c-ok">Guest code confirmed</span>{" "}
      <span class="bar b-code c-wait">Code on its way</span> <span class="bar b-code c-bad">Code failed</span> <span class="bar b-turnover">Cleaning</span>
    </p>
  );
}
