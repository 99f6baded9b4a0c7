import type { IncomingMessage } from "node:http";
import { Transform, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import { FeedFetchError } from "./fetch-result";

const DECODER_SLICE = 4096;

export interface CappedBody {
  body: Buffer;
  /** Bytes as they came off the wire, before decoding. */
  wireBytes: number;
}

/**
 * Reads a response, decoding gzip/deflate/br, and stops the moment either the wire bytes or the
 * decoded bytes pass `maxBytes`: a 10 kB gzip bomb that inflates to gigabytes is cut at the cap,
 * never held in memory. A body cut short by the server fails instead of passing for a short feed.
 */
export async function readCappedBody(res: IncomingMessage, maxBytes: number, host: string): Promise<CappedBody> {
  const declared = Number(res.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes) {
    res.destroy();
    throw tooLarge(host, maxBytes);
  }

  const decoder = decoderFor(res.headers["content-encoding"], host);
  let wireBytes = 0;
  const countWire = new Transform({
    transform(chunk: Buffer, _enc, done) {
      wireBytes += chunk.length;
      if (wireBytes > maxBytes) return done(tooLarge(host, maxBytes));
      if (!decoder) return done(null, chunk);
      // zlib inflates a whole input chunk before looking at backpressure; feeding it small slices
      // bounds what one slice of a bomb can expand to (~1000x) before the cap below stops it.
      for (let at = 0; at < chunk.length; at += DECODER_SLICE) this.push(chunk.subarray(at, at + DECODER_SLICE));
      done();
    },
  });
  const chunks: Buffer[] = [];
  let decodedBytes = 0;
  const collect = new Writable({
    write(chunk: Buffer, _enc, done) {
      decodedBytes += chunk.length;
      if (decodedBytes > maxBytes) return done(tooLarge(host, maxBytes));
      chunks.push(chunk);
      done();
    },
  });

  try {
    if (decoder) await pipeline(res, countWire, decoder, collect);
    else await pipeline(res, countWire, collect);
  } catch (err) {
    if (err instanceof FeedFetchError) throw err;
    const code = (err as NodeJS.ErrnoException).code ?? "";
    if (code.startsWith("Z_") || code === "ERR__ERROR_FORMAT_PADDING_1") {
      throw new FeedFetchError("network", `${host} sent a body that does not decode as ${res.headers["content-encoding"]}`);
    }
    throw err;
  }
  return { body: Buffer.concat(chunks, decodedBytes), wireBytes };
}

function decoderFor(header: string | undefined, host: string): Transform | null {
  const encoding = (header ?? "identity").trim().toLowerCase();
  switch (encoding) {
    case "":
    case "identity":
      return null;
    case "gzip":
    case "x-gzip":
      return createGunzip();
    case "deflate":
      // We never advertise deflate (servers disagree on raw vs zlib-wrapped); RFC 9110 says wrapped.
      return createInflate();
    case "br":
      return createBrotliDecompress();
    default:
      throw new FeedFetchError("network", `${host} sent an unsupported content-encoding: ${encoding.slice(0, 40)}`);
  }
}

function tooLarge(host: string, maxBytes: number): FeedFetchError {
  return new FeedFetchError("too_large", `feed from ${host} is larger than ${maxBytes} bytes`);
}
