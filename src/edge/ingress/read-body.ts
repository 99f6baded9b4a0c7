/** Twilio and Seam payloads are a few KB; anything near this is not one of theirs. */
export const MAX_WEBHOOK_BYTES = 64 * 1024;

export type BodyResult = { ok: true; text: string } | { ok: false; status: 400 | 413; reason: string };

/**
 * Reads at most `limit` bytes: a declared Content-Length over the limit is refused before reading, and a
 * chunked body is cut off as soon as it passes the limit, so an oversized request costs no more than the limit.
 */
export async function readCappedText(request: Request, limit = MAX_WEBHOOK_BYTES): Promise<BodyResult> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limit) return { ok: false, status: 413, reason: "payload_too_large" };
  if (!request.body) return { ok: true, text: "" };

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return { ok: false, status: 413, reason: "payload_too_large" };
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    // The body is stored and relayed as text, so only bytes that survive the round trip unchanged (and keep
    // their signature valid at home) are accepted: fatal on bad UTF-8, and a BOM is kept, not stripped.
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes) };
  } catch {
    return { ok: false, status: 400, reason: "body_not_utf8" };
  }
}
