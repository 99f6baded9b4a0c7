/** One unfolded iCalendar line: `NAME;PARAM=value;P2="quoted:value":VALUE`. */
export interface ContentLine {
  name: string;
  params: Record<string, string>;
  value: string;
}

/**
 * Splits a content line by hand so we can read DTSTART/DTEND/UID exactly as written,
 * independent of how node-ical turned them into Dates. Quoted parameter values may hold `:` and `;`.
 */
export function parseContentLine(line: string): ContentLine | null {
  let i = 0;
  while (i < line.length && line[i] !== ";" && line[i] !== ":") i++;
  if (i >= line.length) return null;
  const name = line.slice(0, i).trim().toUpperCase();
  const params: Record<string, string> = {};
  while (line[i] === ";") {
    i++;
    const eq = line.indexOf("=", i);
    if (eq === -1) return null;
    const key = line.slice(i, eq).trim().toUpperCase();
    i = eq + 1;
    let value = "";
    if (line[i] === '"') {
      const close = line.indexOf('"', i + 1);
      if (close === -1) return null;
      value = line.slice(i + 1, close);
      i = close + 1;
    } else {
      const start = i;
      while (i < line.length && line[i] !== ";" && line[i] !== ":") i++;
      value = line.slice(start, i);
    }
    if (key) params[key] = value.trim();
  }
  if (line[i] !== ":") return null;
  return { name, params, value: line.slice(i + 1) };
}

/** node-ical returns `{params, val}` for text with parameters (`SUMMARY;LANGUAGE=de:…`), a string otherwise. */
export function icalText(value: unknown): string {
  if (typeof value === "string") return value;
  if (value && typeof value === "object" && "val" in value) return icalText((value as { val: unknown }).val);
  return value == null ? "" : String(value);
}
