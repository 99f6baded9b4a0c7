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

/** The same unfolding for text that is already decoded (UTF-16 bodies). */
export function unfoldText(text: string): string {
  return text.replace(/\r\n|\r/g, "\n").replace(/\n[ \t]/g, "");
}
