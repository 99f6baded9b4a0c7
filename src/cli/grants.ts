import { buildRuntime } from "../runtime/build-runtime";
import { findUserByEmail } from "../services/accounts/create-account";
import { ServiceError } from "../services/errors";
import { grantInput, grantPatch } from "../services/grants/grant-input";
import { grantView, type GrantView } from "../services/grants/grant-view";
import { createGrant, findGrant, listGrants, resendGrant, revokeGrant, updateGrant } from "../services/grants/grants";
import { stringFlag } from "./args";
import { CliUsageError, type CliIo, type ParsedArgs } from "./types";

export const GRANT_ACTIONS = ["list", "create", "extend", "resend", "revoke"] as const;

const list = (v: string | undefined) => (v ? v.split(",").map((s) => s.trim()).filter(Boolean) : undefined);

/** The flags as the API's body: the same schema, so the CLI refuses what the API refuses, in the same words. */
function createBody(args: ParsedArgs): unknown {
  const f = (name: string) => stringFlag(args, name);
  const kind = f("kind") ?? "window";
  const schedule = kind === "always" ? { kind }
    : kind === "recurring" ? { kind, weekdays: (list(f("weekdays")) ?? []).map(Number), startTime: f("start"), endTime: f("end"), ...(f("until") ? { untilDate: f("until") } : {}) }
    : { kind, from: f("from"), to: f("to"), ...(kind === "limited_uses" ? { uses: Number(f("uses")) } : {}) };
  const lockIds = list(f("locks"));
  const optional = Object.fromEntries(["contact", "name", "phone", "email", "pin", "note"].map((k) => [k === "contact" ? "contactId" : k, f(k)]).filter(([, v]) => v !== undefined));
  return { ...(f("property") ? { propertyId: f("property") } : {}), ...(lockIds ? { lockIds } : {}), ...optional, schedule };
}

function parsed<T>(result: { success: true; data: T } | { success: false; error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> } }): T {
  if (result.success) return result.data;
  const first = result.error.issues[0]!;
  throw new CliUsageError(`${first.path.map(String).join(".") || "input"}: ${first.message}`);
}

function line(v: GrantView): string {
  const g = v.grant;
  const doors = v.locks.map((l) => l.name).join(", ");
  const when = g.kind === "always" ? "always" : g.kind === "recurring"
    ? `weekly ${g.recurrence!.weekdays.join(",")} ${g.recurrence!.startTime}-${g.recurrence!.endTime}`
    : `${g.startsAt.toISOString()} - ${g.endsAt!.toISOString()}${g.kind === "limited_uses" ? ` (${g.usesSeen}/${g.maxUses} uses)` : ""}`;
  return `${g.id}  ${v.status.padEnd(7)}  ${g.name}  [${doors}]  ${when}`;
}

const wire = (v: GrantView) => ({ ...v.grant, pinEnc: undefined, phoneEnc: undefined, emailEnc: undefined, status: v.status, locks: v.locks, usesEnforcement: v.usesEnforcement, usesNote: v.usesNote });

/** `staykey grant <list|create|extend|resend|revoke>`: manual access grants, through the same services as the API. */
export async function grantCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const action = args.positional;
  if (!action || !(GRANT_ACTIONS as readonly string[]).includes(action)) throw new CliUsageError(`say what to do: staykey grant <${GRANT_ACTIONS.join("|")}>`);
  const email = stringFlag(args, "account");
  if (!email) throw new CliUsageError("--account <user email> is required");
  const id = stringFlag(args, "id");
  if (action !== "list" && action !== "create" && !id) throw new CliUsageError(`--id <grant id> is required to ${action}`);
  const runtime = buildRuntime(io.env, { logLevel: io.env.STAYKEY_LOG_LEVEL ?? "error" });
  try {
    const deps = runtime.deps;
    const user = findUserByEmail(deps, email);
    if (!user) throw new CliUsageError(`no user with email ${email}`);
    const accountId = user.accountId;
    const actor = `cli:${user.id}`;
    const show = (v: GrantView, extra: Record<string, unknown> = {}) => io.out(args.json ? JSON.stringify({ ...wire(v), ...extra }) : line(v));
    switch (action) {
      case "list": {
        const rows = listGrants(deps, accountId, { limit: 200, ...(stringFlag(args, "property") ? { propertyId: stringFlag(args, "property")! } : {}) }).data.map((g) => grantView(deps, g));
        if (args.json) io.out(JSON.stringify(rows.map((v) => wire(v))));
        else for (const v of rows) io.out(line(v));
        return 0;
      }
      case "create": {
        const { grant, pin } = await createGrant(deps, accountId, parsed(grantInput.safeParse(createBody(args))), actor);
        show(grantView(deps, grant), { pin });
        // The PIN on stderr in text mode, so it is not piped on with the listing line.
        if (!args.json) io.err(`PIN ${pin} (sent to the person once every door confirms it)`);
        return 0;
      }
      case "extend": {
        const patch = parsed(grantPatch.safeParse({
          ...(stringFlag(args, "to") ? { to: stringFlag(args, "to") } : {}),
          ...(stringFlag(args, "until") !== undefined ? { untilDate: stringFlag(args, "until") === "none" ? null : stringFlag(args, "until") } : {}),
        }));
        show(grantView(deps, await updateGrant(deps, accountId, id!, patch, actor)));
        return 0;
      }
      case "resend": {
        const { messageId } = await resendGrant(deps, accountId, id!, actor);
        io.out(args.json ? JSON.stringify({ messageId }) : `queued message ${messageId} to ${findGrant(deps.db, accountId, id!).name}`);
        return 0;
      }
      default: {
        show(grantView(deps, await revokeGrant(deps, accountId, id!, actor)));
        return 0;
      }
    }
  } catch (err) {
    // A service's refusal is the caller's input: exit 2 with its words, like a bad flag.
    if (err instanceof ServiceError) throw new CliUsageError(err.fields?.length ? `${err.message} (${err.fields.map((f) => f.path).join(", ")})` : err.message);
    throw err;
  } finally {
    await runtime.close();
  }
}
