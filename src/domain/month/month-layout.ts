import { dayIndexOf, type MonthFrame } from "./month-frame";

/**
 * Where a span of time sits on a month drawn day by day: `start` and `end` in days from the month's first local
 * midnight (16:00 on the 3rd is 2.667; 12:00 on a 25-hour day is 0.48 of it, so a bar never drifts on DST days), the
 * first and last day cells it covers, and whether it runs on before or after the month.
 */
export interface Placement {
  start: number;
  end: number;
  firstDay: number;
  lastDay: number;
  fromBefore: boolean;
  untilAfter: boolean;
}

/** Days from the month's start to `at`, clipped to the month. */
function position(frame: MonthFrame, at: Date): number {
  const day = dayIndexOf(frame, at);
  if (day === null) return at.getTime() < frame.start.getTime() ? 0 : frame.days.length;
  const d = frame.days[day]!;
  return day + (at.getTime() - d.start.getTime()) / (d.end.getTime() - d.start.getTime());
}

/** A span [from, to) on the month, clipped at its edges; null when it does not meet the month or is empty. */
export function placeSpan(frame: MonthFrame, from: Date, to: Date): Placement | null {
  if (to.getTime() <= from.getTime() || to.getTime() <= frame.start.getTime() || from.getTime() >= frame.end.getTime()) return null;
  const start = position(frame, from);
  const end = position(frame, to);
  const firstDay = Math.floor(start);
  // The span ends on the day it ends in; ending exactly at midnight, it does not cover the next day.
  const lastDay = Math.max(firstDay, Math.ceil(end) - 1);
  return { start, end, firstDay, lastDay, fromBefore: from.getTime() < frame.start.getTime(), untilAfter: to.getTime() > frame.end.getTime() };
}

/**
 * Overlapping spans into lanes, fewest lanes first-fit: in start order (the longer first on a tie), each span takes the
 * first lane whose last span has ended by its start. Touching spans (a checkout at 11:00, the next check-in at 11:00)
 * share a lane. Returns the lanes, each in start order.
 */
export function intoLanes<T>(spans: readonly T[], range: (span: T) => { start: number; end: number }): T[][] {
  const ordered = spans.map((span) => ({ span, ...range(span) })).sort((a, b) => a.start - b.start || b.end - a.end);
  const lanes: T[][] = [];
  const ends: number[] = [];
  for (const { span, start, end } of ordered) {
    let lane = ends.findIndex((e) => e <= start);
    if (lane === -1) {
      lane = lanes.length;
      lanes.push([]);
      ends.push(end);
    }
    lanes[lane]!.push(span);
    ends[lane] = end;
  }
  return lanes;
}

/** What a month calendar draws: guests' stays, the owner's blocks, guests' code windows, cleanings. */
export type MonthItemKind = "stay" | "block" | "code" | "turnover";

/** The rows a property's month is drawn in: stays and blocks share one (they should never overlap; when they do, it shows). */
export type MonthTrackKey = "stays" | "codes" | "cleaning";

const TRACK_OF: Record<MonthItemKind, MonthTrackKey> = { stay: "stays", block: "stays", code: "codes", turnover: "cleaning" };
const TRACKS: MonthTrackKey[] = ["stays", "codes", "cleaning"];

export interface MonthTrack<T> {
  key: MonthTrackKey;
  lanes: Array<Array<T & { placement: Placement }>>;
}

/**
 * A property's month: each item placed on its frame (items outside it dropped), then each track's items into lanes.
 * The stays track is always there (one empty lane for an empty month); the others only when they hold something.
 */
export function layoutMonth<T extends { kind: MonthItemKind; from: Date; to: Date }>(frame: MonthFrame, items: readonly T[]): MonthTrack<T>[] {
  const byTrack = new Map<MonthTrackKey, Array<T & { placement: Placement }>>();
  for (const item of items) {
    const placement = placeSpan(frame, item.from, item.to);
    if (!placement) continue;
    const key = TRACK_OF[item.kind];
    const list = byTrack.get(key) ?? [];
    list.push({ ...item, placement });
    byTrack.set(key, list);
  }
  return TRACKS.flatMap((key) => {
    const placed = byTrack.get(key) ?? [];
    if (placed.length === 0 && key !== "stays") return [];
    const lanes = placed.length ? intoLanes(placed, (p) => p.placement) : [[]];
    return [{ key, lanes }];
  });
}
