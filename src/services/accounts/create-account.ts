import { inArray } from "drizzle-orm";
import { accounts, users } from "../../db/schema";
import type { CoreDeps } from "../../deps";
import { newId } from "../../lib/ids";
import { checkNewPassword, hashPassword } from "../../lib/password";
import { normalEmail, sealUserEmail, userEmailHashes } from "../contact-details/contact-details";

export class AccountExistsError extends Error {}

export async function createAccount(
  deps: Pick<CoreDeps, "db" | "box" | "clock">,
  input: { name: string; ownerEmail: string; password?: string },
): Promise<{ accountId: string; userId: string }> {
  const { db, box, clock } = deps;
  const email = normalEmail(input.ownerEmail);
  if (findUserByEmail(deps, email)) throw new AccountExistsError(`a user with email ${email} already exists`);
  if (input.password !== undefined) checkNewPassword(input.password);
  const passwordHash = input.password !== undefined ? await hashPassword(input.password) : null;
  const accountId = newId("acct");
  const userId = newId("user");
  const now = clock.now();
  db.transaction((tx) => {
    tx.insert(accounts).values({ id: accountId, name: input.name, createdAt: now }).run();
    tx.insert(users).values({ id: userId, accountId, ...sealUserEmail(box, userId, email), role: "owner", passwordHash, createdAt: now }).run();
  });
  return { accountId, userId };
}

/** By keyed hash: the address itself is stored sealed. */
export function findUserByEmail({ db, box }: Pick<CoreDeps, "db" | "box">, email: string) {
  return db.select().from(users).where(inArray(users.emailHash, userEmailHashes(box, email))).get() ?? null;
}
