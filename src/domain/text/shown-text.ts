/**
 * What a name may hold to be shown as it is stored: no C0 or C1 control characters (line breaks and tabs among them)
 * and neither bidi override (U+202D, U+202E), which make text read in another order than it is stored ("\u202e" turns
 * "cod.exe" around). Direction marks such as U+200F, which real mixed-direction names use, are kept.
 */
const UNSHOWN = /[\u0000-\u001f\u007f-\u009f\u202d\u202e]/;
const UNSHOWN_ALL = new RegExp(UNSHOWN.source, "g");

/** Whether a name typed by a host holds anything that would display otherwise than stored (the input rule refuses it). */
export function hasUnshownCharacters(text: string): boolean {
  return UNSHOWN.test(text);
}

/** A name read from a calendar, which nobody can be asked to correct: those characters become spaces, runs of spaces one. */
export function shownName(text: string): string | undefined {
  const shown = text.replace(UNSHOWN_ALL, " ").replace(/ {2,}/g, " ").trim();
  return shown === "" ? undefined : shown;
}
