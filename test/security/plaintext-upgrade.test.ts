import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { eq } from "drizzle-orm";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Writable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { coreDepsFromEnv } from "../../src/runtime/core-deps";
import { contacts, idempotencyKeys, legacySmsOptOuts, messages, stays, users } from "../../src/db/schema";
import type { CoreDeps } from "../../src/deps";
import { findUserByEmail } from "../../src/services/accounts/create-account";
import { openContact, openRecipient, openStay, openUserEmail } from "../../src/services/contact-details/contact-details";
import { sealPlaintextContactDetails } from "../../src/services/contact-details/seal-plaintext-rows";
import { clearOptOut } from "../../src/services/delivery/opt-out";
import { isOptedOut } from "../../src/services/delivery/recipients";
import { plaintextFoundIn } from "./database-bytes";

/**
 * A database written by the version before migration 0003 (contact details in plaintext) is sealed at the next start:
 * every value still opens, lookups still find their rows, and no plaintext byte is left in the file or its WAL.
 */
const SECRET = "upgrade-secret-upgrade-secret-upgrade-1";
const GUEST_PHONE = "+14155550199";
const GUEST_EMAIL = "guest.jamie@example.net";
const CLEANER_PHONE = "+14155550142";
const CLEANER_EMAIL = "cleo.cleaner@example.com";
const OWNER_EMAIL = "host.owner@example.com";
const STOPPED_PHONE = "+14155550177";
const PLAINTEXT = [GUEST_PHONE, GUEST_EMAIL, CLEANER_PHONE, CLEANER_EMAIL, OWNER_EMAIL, STOPPED_PHONE];
/** More than one batch (500), so the progress line shows. */
const MESSAGES = 1_200;

const dataDir = mkdtempSync(join(tmpdir(), "staykey-upgrade-"));
const databaseFile = join(dataDir, "staykey.db");

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** The migrations as they were before 0003, applied the way that version applied them. */
function databaseAtPreviousSchema(file: string): Database.Database {
  const folder = mkdtempSync(join(tmpdir(), "staykey-migrations-"));
  const source = resolve("migrations");
  const journal = JSON.parse(readFileSync(join(source, "meta/_journal.json"), "utf8")) as { entries: { idx: number; tag: string }[] };
  journal.entries = journal.entries.filter((e) => e.idx < 3);
  mkdirSync(join(folder, "meta"));
  writeFileSync(join(folder, "meta/_journal.json"), JSON.stringify(journal));
  for (const e of journal.entries) copyFileSync(join(source, `${e.tag}.sql`), join(folder, `${e.tag}.sql`));
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  migrate(drizzle(sqlite), { migrationsFolder: folder });
  rmSync(folder, { recursive: true, force: true });
  return sqlite;
}

function writePlaintextRows(sqlite: Database.Database): void {
  const t = Date.parse("2026-11-01T00:00:00Z");
  const run = (sql: string, ...args: unknown[]) => sqlite.prepare(sql).run(...args);
  sqlite.transaction(() => {
    run("insert into accounts (id, name, created_at) values ('acct_1', 'Host', ?)", t);
    run("insert into users (id, account_id, email, role, created_at) values ('user_owner', 'acct_1', ?, 'owner', ?)", OWNER_EMAIL, t);
    run("insert into contacts (id, account_id, role, name, phone, email, created_at, updated_at) values ('ctc_1', 'acct_1', 'cleaner', 'Cleo', ?, ?, ?, ?)", CLEANER_PHONE, CLEANER_EMAIL, t, t);
    run("insert into users (id, account_id, email, role, contact_id, created_at) values ('user_cleaner', 'acct_1', ?, 'cleaner', 'ctc_1', ?)", CLEANER_EMAIL, t);
    run("insert into properties (id, account_id, name, timezone, created_at, updated_at) values ('prop_1', 'acct_1', 'Loft', 'America/Chicago', ?, ?)", t, t);
    run(
      `insert into stays (id, account_id, property_id, kind, check_in_date, check_out_date, check_in_at, check_out_at, guest_phone_last4, guest_phone, guest_email, created_at, updated_at)
       values ('stay_1', 'acct_1', 'prop_1', 'manual', '2026-12-10', '2026-12-12', ?, ?, '0199', ?, ?, ?, ?)`,
      t, t, GUEST_PHONE, GUEST_EMAIL, t, t,
    );
    const message = sqlite.prepare(
      `insert into messages (id, account_id, stay_id, channel, provider, recipient, purpose, body_enc, idempotency_key, created_at, updated_at)
       values (?, 'acct_1', 'stay_1', 'sms', 'outbox', ?, 'guest_code', 'x', ?, ?, ?)`,
    );
    for (let i = 0; i < MESSAGES; i++) message.run(`msg_${String(i).padStart(5, "0")}`, GUEST_PHONE, `k${i}`, t, t);
    run("insert into sms_opt_outs (phone, opted_out_at) values (?, ?)", STOPPED_PHONE, t);
    run(
      `insert into idempotency_keys (account_id, key, method, path, request_hash, response_status, response_body, created_at)
       values ('acct_1', 'idem-1', 'POST', '/api/v1/stays', 'h', 201, ?, ?)`,
      JSON.stringify({ id: "stay_1", guestPhone: GUEST_PHONE, guestEmail: GUEST_EMAIL }), t,
    );
  })();
}

function start(env: Record<string, string>): { deps: CoreDeps; logLines: string[] } {
  const logLines: string[] = [];
  const sink = new Writable({ write(chunk, _enc, done) { logLines.push(...chunk.toString().split("\n").filter(Boolean)); done(); } });
  return { deps: coreDepsFromEnv({ STAYKEY_DATA_DIR: dataDir, ...env }, { logLevel: "info", logDestination: sink }), logLines };
}

describe("contact details stored in plaintext by an earlier version", () => {
  it("are sealed at the next start, still open and still found, and leave no plaintext in the file or its WAL", () => {
    const old = databaseAtPreviousSchema(databaseFile);
    writePlaintextRows(old);
    old.close();
    // The scan below can see plaintext when it is there.
    expect(plaintextFoundIn(databaseFile, PLAINTEXT)).toEqual(PLAINTEXT);

    const { deps, logLines } = start({ STAYKEY_SECRET: SECRET });
    const { db, box } = deps;
    try {
      const stay = db.select().from(stays).where(eq(stays.id, "stay_1")).get()!;
      expect(openStay(box, stay)).toMatchObject({ guestPhone: GUEST_PHONE, guestEmail: GUEST_EMAIL, guestPhoneLast4: "0199", version: 1 });
      expect(stay).toMatchObject({ legacyGuestPhone: null, legacyGuestEmail: null });
      const contact = db.select().from(contacts).get()!;
      expect(openContact(box, contact)).toMatchObject({ phone: CLEANER_PHONE, email: CLEANER_EMAIL });
      expect(contact).toMatchObject({ legacyPhone: null, legacyEmail: null });
      expect(findUserByEmail(deps, " Host.Owner@Example.com")?.id).toBe("user_owner");
      expect(openUserEmail(box, findUserByEmail(deps, CLEANER_EMAIL)!)).toBe(CLEANER_EMAIL);
      expect(db.select({ email: users.legacyEmail }).from(users).all()).toEqual([{ email: "" }, { email: "" }]);
      const sent = db.select().from(messages).all();
      expect(sent).toHaveLength(MESSAGES);
      expect(new Set(sent.map((m) => openRecipient(box, m)))).toEqual(new Set([GUEST_PHONE]));
      expect(sent.filter((m) => m.legacyRecipient !== "")).toEqual([]);
      expect(isOptedOut(deps, STOPPED_PHONE)).toBe(true);
      expect(db.select().from(legacySmsOptOuts).all()).toEqual([]);
      // A stored API answer quoting the guest is dropped: its plain request digest cannot be keyed afterwards.
      expect(db.select().from(idempotencyKeys).all()).toEqual([]);

      const progress = logLines.map((l) => JSON.parse(l) as { what?: string; done?: number; total?: number }).filter((l) => l.what === "message recipients" && l.done !== undefined);
      expect(progress.map((l) => [l.done, l.total])).toEqual([[500, MESSAGES], [1_000, MESSAGES], [MESSAGES, MESSAGES]]);

      expect(sealPlaintextContactDetails(deps)).toBe(0);
      expect(plaintextFoundIn(databaseFile, PLAINTEXT)).toEqual([]);
    } finally {
      db.$client.close();
    }
    expect(plaintextFoundIn(databaseFile, PLAINTEXT)).toEqual([]);
  });

  it("still open, and are still found by sign-in and STOP/START, after STAYKEY_SECRET is rotated", () => {
    const { deps } = start({ STAYKEY_SECRET: "rotated-secret-rotated-secret-rotated-2", STAYKEY_SECRET_PREVIOUS: SECRET });
    try {
      const stay = deps.db.select().from(stays).where(eq(stays.id, "stay_1")).get()!;
      expect(openStay(deps.box, stay)).toMatchObject({ guestPhone: GUEST_PHONE, guestEmail: GUEST_EMAIL });
      expect(findUserByEmail(deps, OWNER_EMAIL)?.id).toBe("user_owner");
      expect(isOptedOut(deps, STOPPED_PHONE)).toBe(true);
      expect(clearOptOut(deps, STOPPED_PHONE)).toBe(true);
      expect(isOptedOut(deps, STOPPED_PHONE)).toBe(false);
    } finally {
      deps.db.$client.close();
    }
  });
});
