import type { CandidateStay } from "../../../domain/calendar";
import type { FeedRead } from "./feed-reader";

/**
 * A read as it crosses from a reader thread to the main thread: the candidate stays as one flat array of primitives
 * (instants as epoch milliseconds) instead of an array of objects.
 *
 * The main thread is the one SQLite writer and the bound of a cold sync. Structured clone rebuilt ~70 objects and
 * ~140 Dates per feed there (130-160 µs per cold feed, the largest piece of a cold feed's main-thread work besides
 * SQLite); the flat array deserialises in about half that, the objects are then built by one literal (one shape, so
 * what reads them later stays fast), and the message is 40% smaller (issue 21).
 */
export type WireRead = Exclude<FeedRead, { status: "ok" }> | (Omit<Extract<FeedRead, { status: "ok" }>, "reading"> & { reading: WireReading });

type Reading = Extract<FeedRead, { status: "ok" }>["reading"];
type WireReading = Exclude<Reading, { candidates: CandidateStay[] }> | (Omit<Extract<Reading, { candidates: CandidateStay[] }>, "candidates"> & { packed: unknown[] });

/** Values per candidate in the flat array; packCandidates and unpackCandidates list them in the same order. */
const STRIDE = 15;

export function packRead(read: FeedRead): WireRead {
  if (read.status !== "ok" || !read.reading.ok || read.reading.sameContent) return read as WireRead;
  const { candidates, ...reading } = read.reading;
  return { ...read, reading: { ...reading, packed: packCandidates(candidates) } };
}

export function unpackRead(wire: WireRead): FeedRead {
  if (wire.status !== "ok" || !("packed" in wire.reading)) return wire as FeedRead;
  const { packed, ...reading } = wire.reading;
  return { ...wire, reading: { ...reading, candidates: unpackCandidates(packed) } };
}

export function packCandidates(candidates: readonly CandidateStay[]): unknown[] {
  const values: unknown[] = [];
  for (const c of candidates) {
    values.push(
      c.uid, c.kind, c.status, c.checkInDate, c.checkOutDate, c.checkInAt.getTime(), c.checkOutAt.getTime(), c.summary, c.sequence,
      c.guestName, c.reservationCode, c.phoneLast4, c.guestPhone, c.guestEmail, c.guestCount,
    );
  }
  return values;
}

/** The candidates exactly as packed: an optional field that was absent is absent again, not `undefined`. */
export function unpackCandidates(values: readonly unknown[]): CandidateStay[] {
  if (values.length % STRIDE !== 0) throw new Error(`packed candidates: ${values.length} values is not a multiple of ${STRIDE}`);
  const candidates: CandidateStay[] = [];
  for (let i = 0; i < values.length; i += STRIDE) {
    const candidate: CandidateStay = {
      uid: values[i] as string, kind: values[i + 1] as CandidateStay["kind"], status: values[i + 2] as CandidateStay["status"],
      checkInDate: values[i + 3] as string, checkOutDate: values[i + 4] as string,
      checkInAt: new Date(values[i + 5] as number), checkOutAt: new Date(values[i + 6] as number),
      summary: values[i + 7] as string, sequence: values[i + 8] as number,
    };
    if (values[i + 9] !== undefined) candidate.guestName = values[i + 9] as string;
    if (values[i + 10] !== undefined) candidate.reservationCode = values[i + 10] as string;
    if (values[i + 11] !== undefined) candidate.phoneLast4 = values[i + 11] as string;
    if (values[i + 12] !== undefined) candidate.guestPhone = values[i + 12] as string;
    if (values[i + 13] !== undefined) candidate.guestEmail = values[i + 13] as string;
    if (values[i + 14] !== undefined) candidate.guestCount = values[i + 14] as number;
    candidates.push(candidate);
  }
  return candidates;
}
