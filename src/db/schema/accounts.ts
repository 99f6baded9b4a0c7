import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, flag, instant, json } from "./columns";

export const accounts = sqliteTable("accounts", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  /** The owner's setting: every member must add a second factor (TOTP or a passkey) before the dashboard opens. */
  requireTwoFactor: flag("require_two_factor").notNull().default(false),
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
    /** TOTP (RFC 6238) shared secret, sealed to the user; set at enrolment, in use once totpEnabledAt is set. */
    totpSecretEnc: text("totp_secret_enc"),
    totpEnabledAt: instant("totp_enabled_at"),
    /** The last 30-second step a TOTP code was accepted for: a code (or an earlier one) is never accepted twice. */
    totpLastStep: integer("totp_last_step"),
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
    /** What the key may do: an owner's or a manager's API (never more than its creator's role), or reads only. */
    role: text("role", { enum: ["owner", "manager", "read_only"] }).notNull().default("owner"),
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
    /** `second_factor`: the password (or nothing yet) was right, a second factor is still owed; such a session opens no page. */
    stage: text("stage", { enum: ["signed_in", "second_factor"] }).notNull().default("signed_in"),
    /** How it was signed in (password, password+totp, passkey, ...), for the sessions list. */
    method: text("method"),
    /** The browser's User-Agent, trimmed: the device shown in the sessions list. */
    device: text("device"),
    lastUsedAt: instant("last_used_at"),
    createdAt: createdAt(),
    expiresAt: instant("expires_at").notNull(),
  },
  (t) => [uniqueIndex("sessions_token_unique").on(t.tokenHash), index("sessions_user_idx").on(t.userId)],
);

/** An invitation to join an account: a single-use link (only its hash stored) that expires. */
export const invites = sqliteTable(
  "invites",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    role: text("role", { enum: ["manager", "cleaner"] }).notNull(),
    name: text("name"),
    channel: text("channel", { enum: ["email", "sms"] }).notNull(),
    /** Email or phone the invite went to, sealed to the invite. */
    recipientEnc: text("recipient_enc").notNull(),
    /** Empty: every property. */
    propertyIds: json<string[]>("property_ids").notNull(),
    /** A cleaner's invite links the sign-in to the contact that receives their codes. */
    contactId: text("contact_id"),
    tokenHash: text("token_hash").notNull(),
    invitedBy: text("invited_by"),
    createdAt: createdAt(),
    expiresAt: instant("expires_at").notNull(),
    acceptedAt: instant("accepted_at"),
    acceptedUserId: text("accepted_user_id"),
    revokedAt: instant("revoked_at"),
  },
  (t) => [uniqueIndex("invites_token_unique").on(t.tokenHash), index("invites_account_idx").on(t.accountId, t.id)],
);

/** Emailed password-reset links: single use, short-lived, only the hash stored. */
export const passwordResets = sqliteTable(
  "password_resets",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    createdAt: createdAt(),
    expiresAt: instant("expires_at").notNull(),
    usedAt: instant("used_at"),
  },
  (t) => [uniqueIndex("password_resets_token_unique").on(t.tokenHash), index("password_resets_user_idx").on(t.userId)],
);

/** Ten single-use codes for when the authenticator is lost; keyed hashes only. */
export const recoveryCodes = sqliteTable(
  "recovery_codes",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    codeHash: text("code_hash").notNull(),
    createdAt: createdAt(),
    usedAt: instant("used_at"),
  },
  (t) => [index("recovery_codes_user_idx").on(t.userId)],
);

/** WebAuthn credentials (passkeys): a second factor, or a sign-in on their own. */
export const passkeys = sqliteTable(
  "passkeys",
  {
    /** The credential id, base64url. */
    id: text("id").primaryKey(),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** COSE public key, base64url: public, but bound to this user. */
    publicKey: text("public_key").notNull(),
    counter: integer("counter").notNull().default(0),
    transports: json<string[]>("transports"),
    createdAt: createdAt(),
    lastUsedAt: instant("last_used_at"),
  },
  (t) => [index("passkeys_user_idx").on(t.userId)],
);

/**
 * Outstanding WebAuthn challenges of signed-in members (registration, second step), each answered at most once and only
 * before it expires; and passwordless sign-in challenges already answered (issued as signed tokens, never stored
 * unanswered), kept until they expire so an answer cannot be replayed.
 */
export const authChallenges = sqliteTable(
  "auth_challenges",
  {
    id: text("id").primaryKey(),
    purpose: text("purpose", { enum: ["passkey_register", "passkey_sign_in", "passkey_second_factor"] }).notNull(),
    userId: text("user_id").references(() => users.id, { onDelete: "cascade" }),
    challenge: text("challenge").notNull(),
    expiresAt: instant("expires_at").notNull(),
  },
  (t) => [index("auth_challenges_expires_idx").on(t.expiresAt)],
);

/** Browsers a user has signed in from (a long-lived device cookie, hashed): a sign-in from any other emails the user. */
export const knownDevices = sqliteTable(
  "known_devices",
  {
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    deviceHash: text("device_hash").notNull(),
    firstSeenAt: instant("first_seen_at").notNull(),
    lastSeenAt: instant("last_seen_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.deviceHash] })],
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
