import { QUEUE_NAMES } from "../jobs/queues";
import type { CliCommand, FlagSpec } from "./types";

const json: FlagSpec = { help: "print the result as JSON on stdout" };
const port: FlagSpec = { value: "8787", help: "HTTP port (default: PORT, else 8787)" };

/**
 * Every command and the flags it accepts. A command's code (and with it the database, config and providers) is
 * imported only when it runs, so `--help`, `--version` and a refused flag answer at once and touch nothing.
 */
export const COMMANDS: CliCommand[] = [
  {
    name: "serve",
    summary: "Run the API and dashboard (and, without REDIS_URL, the embedded job runner) in this process",
    flags: { port, json },
    run: async (args, io) => (await import("./serve")).serveCommand(args, io),
  },
  {
    name: "worker",
    summary: "Run job processors (BullMQ when REDIS_URL is set, else the embedded SQLite queue) until SIGTERM",
    flags: { queues: { value: QUEUE_NAMES.join(","), help: "only these queues (default: all)" } },
    run: async (args, io) => (await import("./worker")).workerCommand(args, io),
  },
  {
    name: "migrate",
    summary: "Apply database migrations (serve does this too) and exit",
    flags: { json },
    run: async (args, io) => (await import("./serve")).migrateCommand(args, io),
  },
  {
    name: "create-account",
    summary: "Create an account and its owner user",
    flags: {
      email: { value: "owner@example.com", required: true, help: "the owner's email, which they sign in with" },
      name: { value: "'Seaside Rentals'", help: "the account's name (default: the email)" },
      "password-stdin": { help: "read the owner's password from standard input (without it, set one later with set-password)" },
      json,
    },
    run: async (args, io) => (await import("./accounts")).createAccountCommand(args, io),
  },
  {
    name: "set-password",
    summary: "Set the dashboard password of any user (owner, manager or cleaner) and end their sessions",
    flags: {
      account: { value: "user@example.com", required: true, help: "the user's email" },
      "password-stdin": { required: true, help: "read the password from standard input (never from the command line)" },
      json,
    },
    run: async (args, io) => (await import("./accounts")).setPasswordCommand(args, io),
  },
  {
    name: "create-api-key",
    summary: "Create an API key for an account (shown once)",
    flags: {
      account: { value: "owner@example.com", required: true, help: "email of a user of the account" },
      name: { value: "ci", help: "a label to tell keys apart (default: cli)" },
      json,
    },
    run: async (args, io) => (await import("./accounts")).createApiKeyCommand(args, io),
  },
  {
    name: "revoke-api-key",
    summary: "Revoke an API key by id",
    flags: {
      account: { value: "owner@example.com", required: true, help: "email of a user of the account" },
      id: { value: "key_…", required: true, help: "the key's id (not the key)" },
      json,
    },
    run: async (args, io) => (await import("./accounts")).revokeApiKeyCommand(args, io),
  },
  {
    name: "backup",
    summary: "Write an online, consistent copy of the database to a new file while staykey runs (the secret key is not in it)",
    positional: { name: "file", help: "the backup file to create" },
    flags: { json },
    run: async (args, io) => (await import("./backup")).backupCommand(args, io),
  },
  {
    name: "restore",
    summary: "Put a backup in place as the data dir's database (staykey must be stopped; the current database is kept aside)",
    positional: { name: "file", help: "the backup file to restore" },
    flags: { json },
    run: async (args, io) => (await import("./backup")).restoreCommand(args, io),
  },
  {
    name: "export",
    summary: "Write all of an account's data to a new JSON file (the same document as GET /api/v1/export)",
    positional: { name: "file", help: "the JSON file to create" },
    flags: { account: { value: "owner@example.com", required: true, help: "email of a user of the account" }, json },
    run: async (args, io) => (await import("./backup")).exportCommand(args, io),
  },
  {
    name: "delete-account",
    summary: "Delete an account: its codes come off the locks first, then every record of it goes (cannot be undone; export first)",
    flags: {
      account: { value: "owner@example.com", required: true, help: "email of the account's owner" },
      confirm: { value: "'Seaside Rentals'", required: true, help: "the account's name, exactly, to confirm" },
      force: { help: "delete even when some locks cannot be reached (their codes stay on them until removed by hand)" },
      json,
    },
    run: async (args, io) => (await import("./delete-account")).deleteAccountCommand(args, io),
  },
  {
    name: "jobs",
    summary: "Show job counts per queue and state, and the latest failed jobs",
    flags: { failed: { value: "20", help: "how many of the latest failed jobs to list (0: none)" }, json },
    run: async (args, io) => (await import("./jobs")).jobsCommand(args, io),
  },
  {
    name: "sync",
    summary: "Sync calendar feeds now (all of them, an account's, or one) and print what changed",
    flags: {
      feed: { value: "feed_…", help: "only this feed" },
      account: { value: "acct_…", help: "only this account's feeds" },
      force: { help: "fetch and parse again even if the feed says it is unchanged" },
      concurrency: { value: "16", help: "feeds fetched at once (1 to 256)" },
      json,
    },
    run: async (args, io) => (await import("./sync")).syncCommand(args, io),
  },
  {
    name: "grant",
    summary: "Give someone else access (a contractor, pool service, a delivery, family), list, extend, resend or revoke it",
    positional: { name: "list|create|extend|resend|revoke", help: "what to do" },
    flags: {
      account: { value: "owner@example.com", required: true, help: "email of a user of the account" },
      id: { value: "grnt_…", help: "the grant (extend, resend, revoke)" },
      property: { value: "prop_…", help: "create: every door of this property (or with --locks, the zone); list: only this property's" },
      locks: { value: "lock_…,lock_…", help: "create: only these doors" },
      contact: { value: "ctc_…", help: "create: one of the account's contacts" },
      name: { value: "'Piotr (plumber)'", help: "create: the person's name, when not a contact" },
      phone: { value: "+14155550123", help: "create: their mobile, with country code (+1 415 555 0123); the code is texted here" },
      email: { value: "them@example.com", help: "create: their email (used without a phone)" },
      kind: { value: "window", help: "create: window, recurring, always or limited_uses (default window)" },
      from: { value: "2026-12-24T08:00", help: "create: start, property local time" },
      to: { value: "2026-12-24T17:00", help: "create/extend: end, property local time" },
      weekdays: { value: "2,4", help: "recurring: ISO weekdays, 1 = Monday" },
      start: { value: "08:00", help: "recurring: local start time" },
      end: { value: "12:00", help: "recurring: local end time" },
      until: { value: "2026-12-31", help: "recurring: last date (extend: 'none' for until revoked)" },
      uses: { value: "1", help: "limited_uses: entries allowed" },
      pin: { value: "482913", help: "create: your own PIN (checked like a generated one)" },
      note: { value: "'gate code for the van'", help: "create: a note only you see" },
      json,
    },
    run: async (args, io) => (await import("./grants")).grantCommand(args, io),
  },
  {
    name: "unlock",
    summary: "Type a PIN at a simulated lock's keypad on the running server (STAYKEY_URL, STAYKEY_API_KEY): it opens for a code it holds now",
    flags: {
      lock: { value: "lock_…", required: true, help: "the simulated lock's id" },
      pin: { value: "482913", help: "the PIN typed at the keypad (or pipe it in with --pin-stdin)" },
      "pin-stdin": { help: "read the PIN from standard input, out of the shell history" },
      json,
    },
    run: async (args, io) => (await import("./unlock")).unlockCommand(args, io),
  },
  {
    name: "demo",
    summary: "Seed a demo account with a sample calendar, a simulated lock and a cleaner, then run the server",
    flags: { port, json },
    run: async (args, io) => (await import("./demo-command")).demoCommand(args, io),
  },
];
