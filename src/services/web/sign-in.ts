import type { CoreDeps } from "../../deps";
import { verifyPassword } from "../../lib/password";
import { findUserByEmail } from "../accounts/create-account";
import type { Viewer } from "./sessions";
import { createSession } from "./sessions";

// Verified when the email is unknown, so a wrong email takes as long as a wrong password.
const DUMMY_HASH = "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

/**
 * A dashboard sign-in: the user with this email and password gets a new session (its cookie token and expiry), anyone
 * else null, in the same time whether the email is unknown, has no password yet or the password is wrong.
 */
export async function signIn(deps: Pick<CoreDeps, "db" | "box" | "clock">, email: string, password: string): Promise<{ role: Viewer["role"]; token: string; expiresAt: Date } | null> {
  const user = email ? findUserByEmail(deps, email) : null;
  const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !user.passwordHash || !ok) return null;
  return { role: user.role, ...createSession(deps.db, deps.clock, user) };
}
