import type { IncomingMessage } from "node:http";
import type { Transform } from "node:stream";
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
 *
 * Plain 'data' listeners rather than stream.pipeline: a pipeline of counting, decoding and
 * collecting streams cost more CPU than the rest of a keep-alive fetch together, and most feeds
 * arrive unencoded, where there is nothing to pipe through.
 */
export async function readCappedBody(res: IncomingMessage, maxBytes: number, host: string): Promise<CappedBody> {
  const declared = declaredLength(res);
  if (declared !== undefined && declared > maxBytes) {
    res.destroy();
    throw tooLarge(host, maxBytes);
  }
  const encoding = (res.headers["content-encoding"] ?? "identity").trim().toLowerCase();
  const decoder = decoderFor(encoding, host);
  return new Promise((resolve, reject) => readBody({ res, decoder, encoding, declared, maxBytes, host, resolve, reject }));
}

interface BodyRead {
  res: IncomingMessage;
  /** `null` for an identity body: wire bytes are the body. */
  decoder: Transform | null;
  encoding: string;
  /** Content-Length, when the server sent one. */
  declared: number | undefined;
  maxBytes: number;
  host: string;
  resolve: (body: CappedBody) => void;
  reject: (err: unknown) => void;
}

function readBody({ res, decoder, encoding, declared, maxBytes, host, resolve, reject }: BodyRead): void {
  const body = new CappedChunks(maxBytes);
  let wireBytes = 0;
  let settled = false;
  const fail = (err: unknown) => {
    if (settled) return;
    settled = true;
    // An unfinished response leaves its socket mid-body: destroying the response closes the socket, never pools it.
    res.destroy();
    decoder?.destroy();
    reject(err);
  };
  const succeed = () => {
    if (settled) return;
    settled = true;
    resolve({ body: body.concat(), wireBytes });
  };

  res.on("data", (chunk: Buffer) => {
    if (settled) return;
    wireBytes += chunk.length;
    if (wireBytes > maxBytes) return fail(tooLarge(host, maxBytes));
    if (decoder) feedDecoder(decoder, chunk, res);
    else body.add(chunk);
  });
  res.once("end", () => {
    // Node only ends a response it parsed to the end; checking again costs nothing and keeps a cut body a failure.
    if (!res.complete || (declared !== undefined && wireBytes !== declared)) return fail(cutShort(host));
    if (decoder) decoder.end();
    else succeed();
  });
  // A dropped connection or the total deadline surfaces here; the caller maps it to a reason.
  res.on("error", fail);
  // A response destroyed without an error would otherwise leave this promise pending forever.
  res.once("close", () => {
    if (!res.readableEnded) fail(cutShort(host));
  });

  if (!decoder) return;
  decoder.on("data", (chunk: Buffer) => {
    if (!body.add(chunk)) fail(tooLarge(host, maxBytes));
  });
  decoder.once("end", succeed);
  // Only we write to the decoder, so anything it reports is the body not decoding.
  decoder.on("error", () => fail(undecodable(host, encoding)));
}

/**
 * zlib inflates a whole input chunk before looking at backpressure; feeding it small slices bounds
 * what one slice of a bomb can expand to (~1000x) before the decoded cap stops it. The response
 * waits while the decoder is behind, so undecoded input never piles up past its buffer.
 */
function feedDecoder(decoder: Transform, chunk: Buffer, res: IncomingMessage): void {
  let room = true;
  for (let at = 0; at < chunk.length; at += DECODER_SLICE) room = decoder.write(chunk.subarray(at, at + DECODER_SLICE));
  if (room || res.isPaused()) return;
  res.pause();
  decoder.once("drain", () => res.resume());
}

/** Decoded chunks up to the cap. */
class CappedChunks {
  private readonly chunks: Buffer[] = [];
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  /** False, keeping nothing, once the total passes the cap. */
  add(chunk: Buffer): boolean {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) return false;
    this.chunks.push(chunk);
    return true;
  }

  concat(): Buffer {
    return Buffer.concat(this.chunks, this.bytes);
  }
}

function declaredLength(res: IncomingMessage): number | undefined {
  const header = res.headers["content-length"];
  return header !== undefined && /^\d+$/.test(header) ? Number(header) : undefined;
}

function decoderFor(encoding: string, host: string): Transform | null {
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

function cutShort(host: string): FeedFetchError {
  return new FeedFetchError("network", `${host} closed the connection before the whole body arrived`);
}

function undecodable(host: string, encoding: string): FeedFetchError {
  return new FeedFetchError("network", `${host} sent a body that does not decode as ${encoding.slice(0, 40)}`);
}
