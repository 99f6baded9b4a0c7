import { createApiKey, revokeApiKey } from "../services/accounts/api-keys";
import { AccountExistsError, createAccount, findUserByEmail } from "../services/accounts/create-account";
import { stringFlag } from "./args";
import { withCoreDeps } from "./context";
import { CliUsageError, type CliIo, type ParsedArgs } from "./types";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export async function createAccountCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const email = stringFlag(args, "email");
  if (!email || !EMAIL.test(email)) throw new CliUsageError("--email must be an email address");
  let password: string | undefined;
  if (args.flags["password-stdin"] === true) {
    password = (await readStdin()).trim();
    if (password.length < 10) throw new CliUsageError("the password must be at least 10 characters");
  }
  return withCoreDeps(io.env, async (deps) => {
    try {
      const created = await createAccount(deps.db, deps.clock, { name: stringFlag(args, "name") ?? email, ownerEmail: email, password });
      io.out(args.json ? JSON.stringify(created) : `created account ${created.accountId} with owner ${email}`);
      return 0;
    } catch (err) {
      if (err instanceof AccountExistsError) throw new CliUsageError(err.message);
      throw err;
    }
  });
}

export async function createApiKeyCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const email = stringFlag(args, "account");
  if (!email) throw new CliUsageError("--account <owner email> is required");
  return withCoreDeps(io.env, (deps) => {
    const user = findUserByEmail(deps.db, email);
    if (!user) throw new CliUsageError(`no user with email ${email} (create it with staykey create-account)`);
    const { id, key } = createApiKey(deps.db, deps.clock, { accountId: user.accountId, userId: user.id, name: stringFlag(args, "name") ?? "cli" });
    io.out(args.json ? JSON.stringify({ id, key }) : `${key}\n(key id ${id}; this is the only time the key is shown)`);
    return 0;
  });
}

export async function revokeApiKeyCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const email = stringFlag(args, "account");
  const keyId = stringFlag(args, "id");
  if (!email || !keyId) throw new CliUsageError("--account and --id are required");
  return withCoreDeps(io.env, (deps) => {
    const user = findUserByEmail(deps.db, email);
    if (!user) throw new CliUsageError(`no user with email ${email}`);
    if (!revokeApiKey(deps.db, deps.clock, user.accountId, keyId)) throw new CliUsageError(`no live key ${keyId} in that account`);
    io.out(args.json ? JSON.stringify({ revoked: keyId }) : `revoked ${keyId}`);
    return 0;
  });
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
