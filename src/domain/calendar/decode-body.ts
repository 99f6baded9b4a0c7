import { Buffer, isUtf8 } from "node:buffer";
import { unfoldBytes, unfoldText } from "./unfold";

export type DecodedBody =
  | { ok: true; text: string; warnings: string[] }
  | { ok: false; detail: string };

const utf8 = new TextDecoder("utf-8", { fatal: true });
// Windows-1252 is what "Latin-1" means in practice (browsers and WHATWG map ISO-8859-1 to it).
const latin1 = new TextDecoder("windows-1252");

/**
 * Bytes -> unfolded text with LF line endings and no BOM.
 * Invalid UTF-8 is read as Windows-1252 (a European PMS exporting accented guest names) with a
 * warning rather than failing the sync: every byte sequence is valid Windows-1252, and the
 * structural lines we rely on are ASCII either way.
 */
export function decodeBody(bytes: Uint8Array): DecodedBody {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return fromUtf16(bytes.subarray(2), "utf-16le");
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return fromUtf16(bytes.subarray(2), "utf-16be");
  const withoutBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  // Valid UTF-8 as sent (the common case) is decoded first and unfolded as text (see unfoldText), in half the time of
  // unfolding byte by byte. The decoder below drops a BOM that unfolding leaves at the start; so does this path.
  if (isUtf8(withoutBom)) {
    const text = Buffer.from(withoutBom.buffer, withoutBom.byteOffset, withoutBom.byteLength).toString("utf8");
    return { ok: true, text: withoutLeadingBom(unfoldText(text)), warnings: [] };
  }
  const unfolded = unfoldBytes(withoutBom);
  try {
    return { ok: true, text: utf8.decode(unfolded), warnings: [] };
  } catch {
    const offset = firstInvalidUtf8Offset(unfolded);
    return {
      ok: true,
      text: latin1.decode(unfolded),
      warnings: [`body is not valid UTF-8 (first bad byte at offset ${offset}); decoded as Windows-1252`],
    };
  }
}

function withoutLeadingBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function fromUtf16(bytes: Uint8Array, encoding: "utf-16le" | "utf-16be"): DecodedBody {
  try {
    const text = new TextDecoder(encoding, { fatal: true }).decode(bytes);
    return { ok: true, text: unfoldText(text), warnings: [`body is ${encoding.toUpperCase()}, not UTF-8`] };
  } catch {
    return { ok: false, detail: `body has a ${encoding.toUpperCase()} byte-order mark but is not valid ${encoding.toUpperCase()}` };
  }
}

/** Offset of the first byte that does not start or continue a well-formed UTF-8 sequence. */
function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i]!;
    const width = lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    if (width === 0) return i;
    for (let k = 1; k < width; k++) {
      const continuation = bytes[i + k];
      if (continuation === undefined || (continuation & 0xc0) !== 0x80) return i;
    }
    i += width;
  }
  return i;
}
