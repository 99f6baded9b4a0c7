import { buildRuntime } from "../runtime/build-runtime";
import { deleteAccount } from "../services/accounts/delete-account";
import { findUserByEmail } from "../services/accounts/create-account";
import { ServiceError } from "../services/errors";
import { stringFlag } from "./args";
import { CliUsageError, type CliIo, type ParsedArgs } from "./types";

/**
 * `staykey delete-account --account <owner email> --confirm <account name> [--force]`: the same deletion as
 * DELETE /api/v1/account. Exit 1 when some locks could not be reached and nothing was deleted.
 */
export async function deleteAccountCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const email = stringFlag(args, "account");
  const confirm = stringFlag(args, "confirm");
  if (!email) throw new CliUsageError("--account <owner email> is required");
  if (!confirm) throw new CliUsageError("--confirm <the account's name> is required");
  const runtime = buildRuntime(io.env, { logLevel: io.env.STAYKEY_LOG_LEVEL ?? "warn" });
  try {
    const user = findUserByEmail(runtime.deps, email);
    if (!user || user.role !== "owner") throw new CliUsageError(`no account owner with email ${email}`);
    const outcome = await deleteAccount(runtime.deps, user.accountId, { confirm, force: args.flags.force === true });
    if (args.json) io.out(JSON.stringify({ accountId: user.accountId, ...outcome }));
    const locks = outcome.unreachableLocks.map((l) => `  ${l.lockId} ${l.name}: ${l.reason} (${l.codes} code(s))`).join("\n");
    if (!outcome.deleted) {
      io.err(`nothing was deleted: these locks could not be reached\n${locks}\nretry when they are back, or add --force to delete anyway and remove their codes by hand`);
      return 1;
    }
    if (!args.json) io.out(`deleted account ${user.accountId}: ${outcome.codesRemoved} code(s) removed from the locks, ${outcome.jobsCancelled} job(s) cancelled`);
    if (locks) io.err(`codes left on locks that could not be reached (remove them on the lock or in the vendor's app):\n${locks}`);
    return 0;
  } catch (err) {
    if (err instanceof ServiceError) throw new CliUsageError(err.message);
    throw err;
  } finally {
    await runtime.close();
  }
}
