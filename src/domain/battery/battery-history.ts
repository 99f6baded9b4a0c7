/** One battery reading as the history keeps it: whole percent, or null when the vendor gave only a word. */
export interface BatteryPoint {
  at: Date;
  level: number | null;
}

/**
 * When the battery last crossed below `lowBelow` percent: the first reading under it after one at or above it. A
 * history that starts under it crossed before it began: that first reading is returned with `since: true`. Null when
 * the level never went under it in the history. Readings without a level are skipped.
 */
export function lowCrossing(points: readonly BatteryPoint[], lowBelow: number): { at: Date; since: boolean } | null {
  let crossing: { at: Date; since: boolean } | null = null;
  let previous: number | null = null;
  for (const p of points) {
    if (p.level === null) continue;
    if (p.level < lowBelow && (previous === null || previous >= lowBelow)) crossing = { at: p.at, since: previous === null };
    previous = p.level;
  }
  return crossing;
}

export interface ChartBox {
  from: Date;
  to: Date;
  width: number;
  height: number;
}

/** The x of an instant on the chart, clipped to it. */
export function chartX(at: Date, box: ChartBox): number {
  const span = box.to.getTime() - box.from.getTime();
  const t = Math.min(Math.max(at.getTime() - box.from.getTime(), 0), span);
  return round((t / span) * box.width);
}

/** The y of a level (0 % at the bottom, 100 % at the top). */
export function chartY(level: number, box: ChartBox): number {
  return round(box.height - (Math.min(Math.max(level, 0), 100) / 100) * box.height);
}

/**
 * The battery as a step line (a level holds until the next reading, and the last one until the chart's end), for an
 * SVG polyline: "x,y x,y ...". Readings before the chart hold its start; readings without a level are skipped.
 */
export function batteryLine(points: readonly BatteryPoint[], box: ChartBox): string {
  const known = points.filter((p): p is { at: Date; level: number } => p.level !== null).sort((a, b) => a.at.getTime() - b.at.getTime());
  const out: string[] = [];
  let last: number | null = null;
  for (const p of known) {
    const x = chartX(p.at, box);
    const y = chartY(p.level, box);
    if (last !== null) out.push(`${x},${last}`);
    out.push(`${x},${y}`);
    last = y;
  }
  if (last !== null) out.push(`${box.width},${last}`);
  return out.join(" ");
}

const round = (n: number) => Math.round(n * 10) / 10;
