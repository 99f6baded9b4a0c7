import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, instant } from "./columns";

export const accounts = sqliteTable("accounts", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  createdAt: createdAt(),
});

export const users = sqliteTable(
  "users",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    /** AES-256-GCM, bound to this user: sealed and opened only by services/contact-details. */
    emailEnc: text("email_enc"),
    /** Keyed hash of the trimmed, lowercased email: sign-in and uniqueness without decrypting. */
    emailHash: text("email_hash"),
    /**
     * Plaintext from before migration 0003, sealed into the columns above and set to '' at start. It stays NOT NULL
     * because making it nullable rebuilds the table, and drizzle's migrator runs inside a transaction where
     * `PRAGMA foreign_keys=OFF` is ignored: dropping the old table would cascade-delete every session and API key owner.
     */
    legacyEmail: text("email").notNull().$defaultFn(() => ""),
    name: text("name"),
    role: text("role", { enum: ["owner", "manager", "cleaner"] }).notNull(),
    /** scrypt hash; null until a password is set. */
    passwordHash: text("password_hash"),
    /** A cleaner user is linked to the contact that receives their codes. */
    contactId: text("contact_id"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("users_email_hash_unique").on(t.emailHash), index("users_account_idx").on(t.accountId)],
);

export const apiKeys = sqliteTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    userId: text("user_id").references(() => users.id, { onDelete: "set null" }),
    name: text("name").notNull(),
    /** First characters of the key, shown in listings so a host can tell keys apart. */
    prefix: text("prefix").notNull(),
    /** Keyed hash of the whole key; the key itself is shown once and never stored. */
    keyHash: text("key_hash").notNull(),
    createdAt: createdAt(),
    lastUsedAt: instant("last_used_at"),
    revokedAt: instant("revoked_at"),
  },
  (t) => [uniqueIndex("api_keys_hash_unique").on(t.keyHash), index("api_keys_account_idx").on(t.accountId)],
);

export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    /** Keyed hash of the cookie value. */
    tokenHash: text("token_hash").notNull(),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    accountId: text("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    csrfToken: text("csrf_token").notNull(),
    createdAt: createdAt(),
    expiresAt: instant("expires_at").notNull(),
  },
  (t) => [uniqueIndex("sessions_token_unique").on(t.tokenHash)],
);

/**
 * Failed dashboard sign-ins, kept in the database so a restart forgets nothing and every process sharing the file
 * counts the same attempts: one row per client address (every email tried from it) and one per email (tried from
 * anywhere). Keys are keyed hashes: no address or typed email is stored.
 */
export const signInThrottle = sqliteTable(
  "sign_in_throttle",
  {
    scope: text("scope", { enum: ["ip", "email"] }).notNull(),
    keyHash: text("key_hash").notNull(),
    failures: integer("failures").notNull(),
    /** Start of the address's current window; for an email, its first failure since the last sign-in. */
    windowStartedAt: instant("window_started_at").notNull(),
    lastFailureAt: instant("last_failure_at").notNull(),
  },
  // last_failure_at: forgotten rows are swept by an index range, not a scan.
  (t) => [primaryKey({ columns: [t.scope, t.keyHash] }), index("sign_in_throttle_last_failure_idx").on(t.lastFailureAt)],
);

/** Replays of POSTs carrying the same Idempotency-Key. */
export const idempotencyKeys = sqliteTable(
  "idempotency_keys",
  {
    accountId: text("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    method: text("method").notNull(),
    path: text("path").notNull(),
    requestHash: text("request_hash").notNull(),
    responseStatus: integer("response_status").notNull(),
    /** Sealed (AES-256-GCM, bound to account + key): a response can carry a guest's or cleaner's phone and email. */
    responseBody: text("response_body").notNull(),
    createdAt: createdAt(),
  },
  // created_at: the once-a-minute sweep of expired keys reads only the expired rows, not the table.
  (t) => [uniqueIndex("idempotency_keys_pk").on(t.accountId, t.key), index("idempotency_keys_created_idx").on(t.createdAt)],
);
