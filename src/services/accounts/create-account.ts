import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { accounts, users } from "../../db/schema";
import type { Clock } from "../../lib/clock";
import { newId } from "../../lib/ids";
import { checkNewPassword, hashPassword } from "../../lib/password";

export class AccountExistsError extends Error {}

export async function createAccount(
  db: Db,
  clock: Clock,
  input: { name: string; ownerEmail: string; password?: string },
): Promise<{ accountId: string; userId: string }> {
  const email = input.ownerEmail.trim().toLowerCase();
  if (db.select({ id: users.id }).from(users).where(eq(users.email, email)).get()) {
    throw new AccountExistsError(`a user with email ${email} already exists`);
  }
  if (input.password !== undefined) checkNewPassword(input.password);
  const passwordHash = input.password !== undefined ? await hashPassword(input.password) : null;
  const accountId = newId("acct");
  const userId = newId("user");
  const now = clock.now();
  db.transaction((tx) => {
    tx.insert(accounts).values({ id: accountId, name: input.name, createdAt: now }).run();
    tx.insert(users).values({ id: userId, accountId, email, role: "owner", passwordHash, createdAt: now }).run();
  });
  return { accountId, userId };
}

export function findUserByEmail(db: Db, email: string) {
  return db.select().from(users).where(eq(users.email, email.trim().toLowerCase())).get() ?? null;
}
