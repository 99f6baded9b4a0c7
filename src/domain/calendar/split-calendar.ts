import { parseContentLine, type ContentLine } from "./content-line";

/** One VEVENT as it appears in the body, with its own top-level lines read by hand. */
export interface RawEvent {
  /**
   * `BEGIN:VEVENT … END:VEVENT` (nested VALARMs included), ready to hand to node-ical alone: every line node-ical's
   * reading is used for. The times are read from the raw lines (see readEventTime), so DTSTAMP, CREATED and
   * LAST-MODIFIED never reach it, and DTSTART/DTEND/DURATION only when node-ical must expand a recurrence or map a
   * TZID. Turning those lines into Dates was half of node-ical's time on a typical export, for values never used.
   */
  text: string;
  /** Top-level properties, first occurrence wins; `lineCounts` tells about duplicates. */
  props: Map<string, ContentLine>;
  lineCounts: Map<string, number>;
  /** Index of the VCALENDAR it came from (0-based), for concatenated calendars. */
  calendarIndex: number;
  /** False when the body ended or another component began before END:VEVENT. */
  closed: boolean;
  /**
   * False when one of the text lines staykey reads (SUMMARY, DESCRIPTION, STATUS, SEQUENCE) is one node-ical might
   * read differently from `props` (a line only one of the two parsers accepts, or one its TZID quote-stripping
   * touches): such an event is always read through node-ical (see plain-event.ts).
   */
  plainText: boolean;
}

export interface SplitCalendar {
  calendars: number;
  prodids: string[];
  wrTimezones: string[];
  /** Raw VTIMEZONE blocks, prepended to an event's chunk only when it uses a non-IANA TZID. */
  timezones: string[];
  events: RawEvent[];
}

/**
 * Walks the unfolded body line by line. We split ourselves because node-ical keeps only the
 * last of two concatenated VCALENDARs and throws away every event when one of them is bad.
 */
export function splitCalendar(text: string): SplitCalendar {
  const result: SplitCalendar = { calendars: 0, prodids: [], wrTimezones: [], timezones: [], events: [] };
  const lines = text.split("\n");
  let depth: string[] = [];
  let current: RawEvent | null = null;
  let eventLines: string[] = [];
  let timezoneLines: string[] | null = null;

  // Top-level lines of each event by property name (null for the rest), to leave out what node-ical need not read.
  let eventNames: Array<string | null> = [];
  const pending: Array<{ event: RawEvent; lines: string[]; names: Array<string | null> }> = [];
  let overridesInBody = false;
  const closeEvent = (closed: boolean) => {
    if (!current) return;
    current.closed = closed;
    if (!closed) {
      eventLines.push("END:VEVENT");
      eventNames.push(null);
    }
    if (current.props.has("RECURRENCE-ID")) overridesInBody = true;
    pending.push({ event: current, lines: eventLines, names: eventNames });
    result.events.push(current);
    current = null;
    eventLines = [];
    eventNames = [];
  };

  for (const rawLine of lines) {
    const line = rawLine.trimEnd();
    if (line === "") continue;
    const marker = markerOf(line);
    if (marker?.begins) {
      const component = marker.component;
      if (component === "VCALENDAR") {
        closeEvent(false);
        result.calendars++;
        depth = ["VCALENDAR"];
        continue;
      }
      if (component === "VEVENT") {
        closeEvent(false);
        current = { text: "", props: new Map(), lineCounts: new Map(), calendarIndex: Math.max(0, result.calendars - 1), closed: false, plainText: true };
        eventLines = ["BEGIN:VEVENT"];
        eventNames = [null];
        depth = result.calendars > 0 ? ["VCALENDAR", "VEVENT"] : ["VEVENT"];
        continue;
      }
      if (component === "VTIMEZONE" && !current) timezoneLines = [];
      depth.push(component);
      if (current) {
        eventLines.push(line);
        eventNames.push(null);
      }
      if (timezoneLines) timezoneLines.push(line);
      continue;
    }
    if (marker) {
      const component = marker.component;
      const at = depth.lastIndexOf(component);
      if (at !== -1) depth = depth.slice(0, at);
      if (component === "VEVENT") {
        if (current) {
          eventLines.push("END:VEVENT");
          eventNames.push(null);
        }
        closeEvent(true);
        continue;
      }
      if (component === "VCALENDAR") {
        closeEvent(false);
        continue;
      }
      if (current) {
        eventLines.push(line);
        eventNames.push(null);
      }
      if (timezoneLines) {
        timezoneLines.push(line);
        if (component === "VTIMEZONE") {
          result.timezones.push(timezoneLines.join("\n") + "\n");
          timezoneLines = null;
        }
      }
      continue;
    }
    if (current) {
      eventLines.push(line);
      let name: string | null = null;
      // Only the VEVENT's own lines, not those of a nested VALARM.
      if (depth[depth.length - 1] === "VEVENT") {
        const parsed = parseContentLine(line);
        if (current.plainText && !plainTextLine(line, parsed)) current.plainText = false;
        if (parsed) {
          name = parsed.name;
          // props and lineCounts always hold the same names, so a name new to one is new to both (one lookup fewer).
          if (!current.props.has(parsed.name)) {
            current.props.set(parsed.name, parsed);
            current.lineCounts.set(parsed.name, 1);
          } else {
            current.lineCounts.set(parsed.name, current.lineCounts.get(parsed.name)! + 1);
          }
        }
      }
      eventNames.push(name);
      continue;
    }
    if (timezoneLines) {
      timezoneLines.push(line);
      continue;
    }
    if (depth.length === 1) {
      const parsed = parseContentLine(line);
      if (parsed?.name === "PRODID") result.prodids.push(parsed.value);
      if (parsed?.name === "X-WR-TIMEZONE") result.wrTimezones.push(parsed.value.trim());
    }
  }
  closeEvent(false);
  for (const { event, lines, names } of pending) event.text = nodeIcalText(event, lines, names, overridesInBody);
  return result;
}

interface Marker {
  begins: boolean;
  /** The component name, upper-cased and trimmed. */
  component: string;
}

/**
 * `BEGIN:X` / `END:X` in any case, read as `line.toUpperCase()` would read it; null for any other line. Upper-casing
 * every line was the largest cost of the walk, so a line is upper-cased only once its first characters say it can be
 * a marker; a non-ASCII character among them (which upper-cases to who knows what) takes the slow, exact way.
 */
function markerOf(line: string): Marker | null {
  const first = line.charCodeAt(0);
  if (first >= 0x80) return markerOfUpper(line.toUpperCase());
  const letter = first | 0x20;
  if (letter !== 0x62 && letter !== 0x65) return null;
  for (let i = 1; i < 6 && i < line.length; i++) if (line.charCodeAt(i) >= 0x80) return markerOfUpper(line.toUpperCase());
  if (startsWithAscii(line, "BEGIN:")) return { begins: true, component: line.slice(6).toUpperCase().trim() };
  if (startsWithAscii(line, "END:")) return { begins: false, component: line.slice(4).toUpperCase().trim() };
  return null;
}

function markerOfUpper(upper: string): Marker | null {
  if (upper.startsWith("BEGIN:")) return { begins: true, component: upper.slice(6).trim() };
  if (upper.startsWith("END:")) return { begins: false, component: upper.slice(4).trim() };
  return null;
}

/** Whether `line` starts with the upper-case ASCII `prefix`, ignoring the case of ASCII letters only. */
function startsWithAscii(line: string, prefix: string): boolean {
  if (line.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) {
    const code = line.charCodeAt(i);
    if ((code >= 0x61 && code <= 0x7a ? code - 0x20 : code) !== prefix.charCodeAt(i)) return false;
  }
  return true;
}

/** The properties staykey reads node-ical's text of; the rest of its reading is times and recurrence. */
const TEXT_PROPERTIES = new Set(["SUMMARY", "DESCRIPTION", "STATUS", "SEQUENCE"]);
/** node-ical's own content-line pattern (ical.js parseLines): a line it does not match, it skips. */
const NODE_ICAL_LINE = /^((?:-|[0-9A-Za-z_])+)((?:;(?:-|[0-9A-Za-z_])+=(?:(?:"[^"]*")|[^":;]+))*):(.*)$/;

/** Whether this VEVENT-level line reads the same through `parseContentLine` as through node-ical (see `plainText`). */
function plainTextLine(line: string, parsed: ReturnType<typeof parseContentLine>): boolean {
  if (!parsed) return !NODE_ICAL_LINE.test(line); // we skip it; node-ical must skip it too
  if (!TEXT_PROPERTIES.has(parsed.name)) return true;
  return !line.includes("TZID=") && NODE_ICAL_LINE.test(line);
}

const NEVER_READ = new Set(["DTSTAMP", "CREATED", "LAST-MODIFIED"]);
const TIMES = new Set(["DTSTART", "DTEND", "DURATION"]);
const RECURRENCE = ["RRULE", "RDATE", "EXDATE", "RECURRENCE-ID"];

function nodeIcalText(event: RawEvent, lines: string[], names: Array<string | null>, overridesInBody: boolean): string {
  const keepTimes =
    overridesInBody ||
    RECURRENCE.some((name) => event.props.has(name)) ||
    [...TIMES].some((name) => event.props.get(name)?.params.TZID !== undefined);
  let text = "";
  for (let i = 0; i < lines.length; i++) {
    const name = names[i];
    if (name !== null && name !== undefined && (NEVER_READ.has(name) || (!keepTimes && TIMES.has(name)))) continue;
    text += `${lines[i]}\n`;
  }
  return text;
}
