import { batteryLine, chartX, chartY, type ChartBox } from "../../domain/battery/battery-history";
import { showDay, type TimeContext } from "../../domain/time";
import type { BatteryHistory } from "../../services/health/battery-history";

const W = 240;
const H = 48;

/** What the chart shows, in words: its text equivalent, and the line under it for everyone. */
function summary(h: BatteryHistory, name: string, tz: TimeContext): string {
  const levels = h.points.filter((p) => p.level !== null).map((p) => p.level!);
  if (levels.length === 0) return `No battery history for ${name} in the last 30 days yet.`;
  const first = levels[0]!;
  const last = levels[levels.length - 1]!;
  const trend = first === last ? `held at ${last}%` : `went from ${first}% to ${last}%`;
  const low = h.crossedLow
    ? h.crossedLow.since
      ? ` It was already below ${h.lowBelow}% on ${showDay(h.crossedLow.at, tz)}.`
      : ` It fell below ${h.lowBelow}% on ${showDay(h.crossedLow.at, tz)}.`
    : ` It has not been below ${h.lowBelow}%.`;
  return `Battery over the last 30 days: ${trend}.${low}`;
}

/**
 * A lock's battery over the last 30 days as a small step line, the low mark as a dashed rule and the day it crossed it
 * as a marker; the figure's caption says the same in words (its text equivalent), so the SVG is decoration.
 */
export function BatteryChart(props: { history: BatteryHistory; lockName: string; tz: TimeContext }) {
  const h = props.history;
  const box: ChartBox = { from: h.from, to: h.to, width: W, height: H };
  const line = batteryLine(h.points, box);
  const lowY = chartY(h.lowBelow, box);
  const crossX = h.crossedLow && !h.crossedLow.since ? chartX(h.crossedLow.at, box) : null;
  return (
    <figure class="battery">
      {line ? (
        <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} aria-hidden="true" focusable="false">
          <rect x="0" y="0" width={W} height={H} class="battery-bg" />
          <line x1="0" x2={W} y1={lowY} y2={lowY} class="battery-low" />
          {crossX === null ? null : <line x1={crossX} x2={crossX} y1="0" y2={H} class="battery-cross" />}
          <polyline points={line} class="battery-line" />
        </svg>
      ) : null}
      <figcaption class="small">{summary(h, props.lockName, props.tz)}</figcaption>
    </figure>
  );
}
