const CR = 0x0d;
const LF = 0x0a;
const SPACE = 0x20;
const TAB = 0x09;

/**
 * Normalises line endings (CRLF, lone LF, lone CR) to LF and removes RFC 5545 folds, on BYTES.
 *
 * Folding is defined on octets: a publisher may fold in the middle of a multi-byte UTF-8
 * character, and decoding before unfolding would turn both halves into U+FFFD. CR-only bodies
 * (old Mac exports) make node-ical see one giant line and return nothing, hence the normalising.
 */
export function unfoldBytes(input: Uint8Array): Uint8Array {
  const out = new Uint8Array(input.length);
  let length = 0;
  let i = 0;
  while (i < input.length) {
    const byte = input[i]!;
    if (byte !== CR && byte !== LF) {
      out[length++] = byte;
      i++;
      continue;
    }
    const next = i + (byte === CR && input[i + 1] === LF ? 2 : 1);
    const following = input[next];
    if (following === SPACE || following === TAB) {
      i = next + 1;
    } else {
      out[length++] = LF;
      i = next;
    }
  }
  return out.subarray(0, length);
}

/**
 * The same unfolding for text that is already decoded: UTF-16 bodies, and UTF-8 bodies that were valid before
 * unfolding (no fold splits a character there, and CR, LF, space and tab are whole characters in both forms).
 * Copies the text between breaks found by indexOf rather than walking it character by character.
 */
export function unfoldText(text: string): string {
  let out = "";
  let copiedTo = 0;
  let cr = text.indexOf("\r");
  let lf = text.indexOf("\n");
  while (cr !== -1 || lf !== -1) {
    const at = cr === -1 || (lf !== -1 && lf < cr) ? lf : cr;
    const next = at + (at === cr && lf === at + 1 ? 2 : 1);
    const following = text.charCodeAt(next);
    if (following === SPACE || following === TAB) {
      out += text.slice(copiedTo, at);
      copiedTo = next + 1;
    } else if (at === cr) {
      out += `${text.slice(copiedTo, at)}\n`;
      copiedTo = next;
    }
    if (cr !== -1 && cr < next) cr = text.indexOf("\r", next);
    if (lf !== -1 && lf < next) lf = text.indexOf("\n", next);
  }
  return copiedTo === 0 ? text : out + text.slice(copiedTo);
}
