import { eq } from "drizzle-orm";
import { users } from "../../db/schema";
import type { CoreDeps } from "../../deps";
import { hashPassword } from "../../lib/password";
import { newToken } from "../../lib/tokens";
import { createAccount, findUserByEmail } from "../accounts/create-account";
import { ensureDemoFeed } from "./demo-feed";
import { DEMO_CLEANER_EMAIL, ensureCleaner, ensureLock, ensureProperty } from "./demo-listing";

export const DEMO_HOST_EMAIL = "demo@staykey.local";

export interface DemoSeed {
  accountId: string;
  propertyId: string;
  propertyName: string;
  lockId: string;
  feedId: string;
  cleanerContactId: string;
  /** The local date the first sample stay checks in. */
  anchor: string;
  /** Fresh on every run and only returned here: the caller prints them once; only their scrypt hashes are stored. */
  host: { email: string; password: string };
  cleaner: { email: string; password: string };
}

/**
 * Seeds the demo account idempotently: the host, a property with a simulated lock, a cleaner assigned to it, and a
 * feed pointing at `origin`'s sample calendar. A second run finds every row again and only sets new passwords (the
 * old ones cannot be shown: they are stored hashed), so it never duplicates anything.
 */
export async function seedDemo(deps: Pick<CoreDeps, "db" | "box" | "clock">, input: { origin: string }): Promise<DemoSeed> {
  const { db, clock } = deps;
  const hostPassword = newToken("demo", 12);
  const cleanerPassword = newToken("demo", 12);
  const existing = findUserByEmail(deps, DEMO_HOST_EMAIL);
  if (existing && existing.role !== "owner") throw new Error(`${DEMO_HOST_EMAIL} exists but is not an account owner; use another data directory`);
  let accountId: string;
  if (existing) {
    accountId = existing.accountId;
    db.update(users).set({ passwordHash: await hashPassword(hostPassword) }).where(eq(users.id, existing.id)).run();
  } else {
    accountId = (await createAccount(deps, { name: "Staykey demo", ownerEmail: DEMO_HOST_EMAIL, password: hostPassword })).accountId;
  }
  const cleanerHash = await hashPassword(cleanerPassword);

  return db.transaction(() => {
    const property = ensureProperty(db, clock, accountId);
    const lockId = ensureLock(db, clock, accountId, property.id);
    const cleanerContactId = ensureCleaner(deps, accountId, property.id, cleanerHash);
    const { feedId, anchor } = ensureDemoFeed(deps, property, input.origin);
    return {
      accountId, propertyId: property.id, propertyName: property.name, lockId, feedId, cleanerContactId, anchor,
      host: { email: DEMO_HOST_EMAIL, password: hostPassword },
      cleaner: { email: DEMO_CLEANER_EMAIL, password: cleanerPassword },
    };
  });
}
