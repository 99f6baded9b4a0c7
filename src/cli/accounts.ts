import { createApiKey, revokeApiKey } from "../services/accounts/api-keys";
import { PasswordRejectedError } from "../lib/password";
import { AccountExistsError, createAccount, findUserByEmail } from "../services/accounts/create-account";
import { setUserPassword } from "../services/accounts/set-password";
import { stringFlag } from "./args";
import { withCoreDeps } from "./context";
import { CliUsageError, type CliIo, type ParsedArgs } from "./types";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The services' refusals of what was typed are bad input: exit 2 with their message, like a bad flag. */
function refused(err: unknown): never {
  throw err instanceof AccountExistsError || err instanceof PasswordRejectedError ? new CliUsageError(err.message) : err;
}

export async function createAccountCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const email = stringFlag(args, "email");
  if (!email || !EMAIL.test(email)) throw new CliUsageError("--email must be an email address");
  const password = args.flags["password-stdin"] === true ? await readPiped(io) : undefined;
  return withCoreDeps(io.env, async (deps) => {
    const created = await createAccount(deps, { name: stringFlag(args, "name") ?? email, ownerEmail: email, password }).catch(refused);
    io.out(args.json ? JSON.stringify(created) : `created account ${created.accountId} with owner ${email}`);
    // On stderr, so a script reading the JSON on stdout is not disturbed.
    if (password === undefined) {
      io.err(`${email} cannot sign in to the dashboard yet: set a password with\n  staykey set-password --account ${email} --password-stdin`);
    }
    return 0;
  });
}

export async function setPasswordCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const email = stringFlag(args, "account");
  if (!email) throw new CliUsageError("--account <user email> is required");
  if (args.flags["password-stdin"] !== true) {
    throw new CliUsageError("pipe the password in with --password-stdin (a password on the command line would land in the shell history and ps)");
  }
  const password = await readPiped(io);
  return withCoreDeps(io.env, async (deps) => {
    const result = await setUserPassword(deps, email, password).catch(refused);
    if (!result) throw new CliUsageError(`no user with email ${email}`);
    io.out(args.json ? JSON.stringify(result) : `password set for ${email}; ${result.sessionsEnded} session(s) ended`);
    return 0;
  });
}

export async function createApiKeyCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const email = stringFlag(args, "account");
  if (!email) throw new CliUsageError("--account <owner email> is required");
  return withCoreDeps(io.env, (deps) => {
    const user = findUserByEmail(deps, email);
    if (!user) throw new CliUsageError(`no user with email ${email} (create it with staykey create-account)`);
    const { id, key } = createApiKey(deps.db, deps.clock, { accountId: user.accountId, userId: user.id, name: stringFlag(args, "name") ?? "cli", by: "cli" });
    io.out(args.json ? JSON.stringify({ id, key }) : `${key}\n(key id ${id}; this is the only time the key is shown)`);
    return 0;
  });
}

export async function revokeApiKeyCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const email = stringFlag(args, "account");
  const keyId = stringFlag(args, "id");
  if (!email || !keyId) throw new CliUsageError("--account and --id are required");
  return withCoreDeps(io.env, (deps) => {
    const user = findUserByEmail(deps, email);
    if (!user) throw new CliUsageError(`no user with email ${email}`);
    if (!revokeApiKey(deps.db, deps.clock, user.accountId, keyId, "cli")) throw new CliUsageError(`no live key ${keyId} in that account`);
    io.out(args.json ? JSON.stringify({ revoked: keyId }) : `revoked ${keyId}`);
    return 0;
  });
}

/**
 * A secret exactly as piped in (a password, a PIN), less the one newline that `echo` or a here-string adds: never
 * trimmed (the dashboard does not trim what is typed there either).
 */
export async function readPiped(io: CliIo): Promise<string> {
  return (await (io.readStdin ?? readStdin)()).replace(/\r?\n$/, "");
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
