const SEMICOLON = 0x3b;
const COLON = 0x3a;
const QUOTE = 0x22;

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
  // Char codes rather than one-character strings: this runs for every line of every event.
  let i = 0;
  while (i < line.length && !isDelimiter(line.charCodeAt(i))) i++;
  if (i >= line.length) return null;
  const name = upperCase(line.slice(0, i).trim());
  const params: Record<string, string> = {};
  while (line.charCodeAt(i) === SEMICOLON) {
    i++;
    const eq = line.indexOf("=", i);
    if (eq === -1) return null;
    const key = upperCase(line.slice(i, eq).trim());
    i = eq + 1;
    let value = "";
    if (line.charCodeAt(i) === QUOTE) {
      const close = line.indexOf('"', i + 1);
      if (close === -1) return null;
      value = line.slice(i + 1, close);
      i = close + 1;
    } else {
      const start = i;
      while (i < line.length && !isDelimiter(line.charCodeAt(i))) i++;
      value = line.slice(start, i);
    }
    if (key) params[key] = value.trim();
  }
  if (line.charCodeAt(i) !== COLON) return null;
  return { name, params, value: line.slice(i + 1) };
}

/**
 * `text.toUpperCase()`, skipped when it would change nothing: names are nearly always upper-case already, and
 * toUpperCase is a call into the runtime that cost more than the rest of reading the line.
 */
export function upperCase(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x80 || (code >= 0x61 && code <= 0x7a)) return text.toUpperCase();
  }
  return text;
}

function isDelimiter(code: number): boolean {
  return code === SEMICOLON || code === COLON;
}

/** node-ical returns `{params, val}` for text with parameters (`SUMMARY;LANGUAGE=de:…`), a string otherwise. */
export function icalText(value: unknown): string {
  if (typeof value === "string") return value;
  if (value && typeof value === "object" && "val" in value) return icalText((value as { val: unknown }).val);
  return value == null ? "" : String(value);
}
