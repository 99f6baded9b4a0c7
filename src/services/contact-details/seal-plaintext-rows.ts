import { and, asc, count, eq, gt, isNotNull, ne, notLike, or, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import type { ContactRow, LegacySmsOptOutRow, StayRow, UserRow } from "../../db/rows";
import { contacts, idempotencyKeys, legacySmsOptOuts, messages, smsOptOuts, stays, users } from "../../db/schema";
import type { CoreDeps } from "../../deps";
import { phoneHash, sealLegacyContactDetails, sealLegacyGuestContact, sealRecipient, sealUserEmail } from "./contact-details";

type Deps = Pick<CoreDeps, "db" | "box" | "logger">;

/** Rows per transaction: short enough that a second process starting at the same moment waits for a batch, not for all. */
const BATCH = 500;

type Row = Record<string, unknown>;

interface PlaintextRows {
  what: string;
  table: SQLiteTable;
  /** The rows still holding plaintext (every row of a legacy table). */
  pending: SQL | undefined;
  /** The primary key, walked in order so each batch starts where the last ended instead of rescanning sealed rows. */
  key: SQLiteColumn;
  keyOf(row: Row): string;
  /** Built once per run: seals one row and clears its plaintext, inside the batch's transaction. */
  sealer(deps: Deps): (row: Row) => void;
}

const byId = (row: Row) => row.id as string;

const PLAINTEXT: PlaintextRows[] = [
  {
    what: "stay guest phones and emails",
    table: stays, key: stays.id, keyOf: byId,
    pending: or(isNotNull(stays.legacyGuestPhone), isNotNull(stays.legacyGuestEmail)),
    sealer: ({ db, box }) => (row) => {
      db.update(stays).set(sealLegacyGuestContact(box, row as StayRow)).where(eq(stays.id, byId(row))).run();
    },
  },
  {
    what: "contact phones and emails",
    table: contacts, key: contacts.id, keyOf: byId,
    pending: or(isNotNull(contacts.legacyPhone), isNotNull(contacts.legacyEmail)),
    sealer: ({ db, box }) => (row) => {
      db.update(contacts).set(sealLegacyContactDetails(box, row as ContactRow)).where(eq(contacts.id, byId(row))).run();
    },
  },
  {
    what: "user sign-in emails",
    table: users, key: users.id, keyOf: byId,
    pending: ne(users.legacyEmail, ""),
    sealer: ({ db, box }) => (row) => {
      const user = row as UserRow;
      db.update(users).set({ ...sealUserEmail(box, user.id, user.legacyEmail), legacyEmail: "" }).where(eq(users.id, user.id)).run();
    },
  },
  {
    what: "message recipients",
    table: messages, key: messages.id, keyOf: byId,
    pending: ne(messages.legacyRecipient, ""),
    // Every message ever sent has a row: prepared once, where building the query per row cost more than the sealing.
    sealer({ db, box }) {
      const write = db.update(messages).set({ recipientEnc: sql`${sql.placeholder("sealed")}`, legacyRecipient: "" }).where(eq(messages.id, sql.placeholder("id"))).prepare();
      return (row) => write.run({ id: byId(row), sealed: sealRecipient(box, byId(row), row.legacyRecipient as string) });
    },
  },
  {
    what: "SMS opt-outs",
    table: legacySmsOptOuts, key: legacySmsOptOuts.phone, keyOf: (row) => row.phone as string,
    pending: undefined,
    sealer: ({ db, box }) => (row) => {
      const optOut = row as LegacySmsOptOutRow;
      db.insert(smsOptOuts).values({ phoneHash: phoneHash(box, optOut.phone), optedOutAt: optOut.optedOutAt }).onConflictDoNothing().run();
      db.delete(legacySmsOptOuts).where(eq(legacySmsOptOuts.phone, optOut.phone)).run();
    },
  },
];

/**
 * Databases from before migration 0003 hold guests' and cleaners' phone numbers and emails in plaintext columns. The
 * SQL migration cannot seal them (the key is not in the database), so this runs at every start, after the migrations:
 * each row is sealed and its plaintext cleared in the same transaction, in batches, so a crash resumes where it
 * stopped and a second run finds nothing to do. Stored API answers from before (a day's worth at most, with a plain
 * request digest that cannot be keyed afterwards) are dropped rather than sealed. When anything was sealed the file is
 * rebuilt (VACUUM) and the WAL truncated, so no plaintext copy survives in free pages or old WAL frames.
 */
export function sealPlaintextContactDetails(deps: Deps): number {
  const { db, logger } = deps;
  let sealed = 0;
  for (const rows of PLAINTEXT) sealed += sealAll(deps, rows);
  sealed += db.delete(idempotencyKeys).where(notLike(idempotencyKeys.responseBody, "v1.%")).run().changes;
  if (sealed === 0) return 0;
  try {
    db.$client.exec("VACUUM");
    db.$client.pragma("wal_checkpoint(TRUNCATE)");
  } catch (err) {
    // Sealing is done and committed; only the clean-up of freed pages failed (another process held the database).
    logger.warn({ err: { name: (err as Error).name, message: (err as Error).message } }, "could not compact the database after sealing; run VACUUM once to drop old plaintext pages");
  }
  logger.info({ rows: sealed }, "sealed plaintext contact details left by an earlier version");
  return sealed;
}

function sealAll(deps: Deps, rows: PlaintextRows): number {
  const { db, logger } = deps;
  const total = db.select({ n: count() }).from(rows.table).where(rows.pending).get()!.n;
  if (total === 0) return 0;
  logger.info({ what: rows.what, total }, "sealing plaintext contact details (one-time, after migration 0003)");
  const seal = rows.sealer(deps);
  let done = 0;
  let after: string | null = null;
  for (;;) {
    const batch = db.transaction((tx) => {
      const found = tx.select().from(rows.table).where(and(rows.pending, after === null ? undefined : gt(rows.key, after)))
        .orderBy(asc(rows.key)).limit(BATCH).all() as Row[];
      for (const row of found) seal(row);
      return found;
    }, { behavior: "immediate" });
    if (batch.length === 0) return done;
    done += batch.length;
    after = rows.keyOf(batch.at(-1)!);
    if (total > BATCH) logger.info({ what: rows.what, done, total }, "sealing plaintext contact details");
  }
}
