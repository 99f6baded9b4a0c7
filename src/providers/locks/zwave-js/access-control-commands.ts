import { ProviderError } from "../provider-error";
import { nodeCommand, pinFrom, refusedByLock, unanswered, type NodeTarget, type ZwaveSlotCommands } from "./slot-commands";

/** zwave-js-server added `endpoint.access_control.*` (users and credentials, over User Credential CC or User Code CC) in schema 48. */
export const ACCESS_CONTROL_SCHEMA = 48;

/** UserCredentialType.PINCode. */
const PIN_CODE = 1;
/** SetUserResult / SetCredentialResult: 0 is OK for both. */
const OK = 0;
const USER_SLOT_OCCUPIED = 1;
const DUPLICATE_CREDENTIAL = 3;

interface AddUserResult {
  user: number;
  credential?: number;
}

/**
 * The unified access control API zwave-js-server offers from schema 48: a slot is a user holding one PIN credential in
 * the credential slot of the same number (User Code CC locks tie the two together; User Credential CC locks are
 * written the same way so one slot rule serves both). zwave-js itself reads back unsupervised writes and reports the
 * outcome.
 *
 * This API answers a lock that never replied exactly as an empty slot or a refused write (no credential, result
 * Error_Unknown). The node's own statistics tell the two apart: the driver counts every report that did not come in
 * time, so a count that grew across an ambiguous answer makes it "the lock did not answer" (offline, retried), never
 * "the slot is empty" (a revoke verified by silence) or a refusal (a code failed for good).
 */
export function accessControlCommands(target: NodeTarget): ZwaveSlotCommands {
  const call = <T>(command: string, args: Record<string, unknown>, action: string, slot: number) =>
    nodeCommand<T>(target, `endpoint.access_control.${command}`, args, { action, codeId: String(slot) });

  let timeoutsSeen: number | undefined;
  const timeouts = async () => {
    const { state } = await nodeCommand<{ state: { statistics?: { timeoutResponse?: number } } }>(target, "node.get_state", {}, { action: "node.get_state" });
    return state.statistics?.timeoutResponse ?? 0;
  };
  const baseline = async () => {
    timeoutsSeen ??= await timeouts();
  };
  /** Whether the lock failed to answer since the last look. */
  const wentUnanswered = async () => {
    const now = await timeouts();
    const grew = now > (timeoutsSeen ?? now);
    timeoutsSeen = now;
    return grew;
  };

  const read = async (slot: number) => {
    await baseline();
    const res = await call<{ credential?: { data?: unknown } }>("get_credential", { credentialType: PIN_CODE, credentialSlot: slot }, "access_control.get_credential", slot);
    const pin = pinFrom(res.credential?.data);
    if (pin === undefined && (await wentUnanswered())) throw unanswered("access_control.get_credential", slot);
    return pin;
  };
  const failure = async (action: string, slot: number) => ((await wentUnanswered()) ? unanswered(action, slot) : refusedByLock(action, slot));
  const setCredential = async (slot: number, pin: string, action: string) => {
    const { result } = await call<{ result: number }>("set_credential", { userId: slot, credentialType: PIN_CODE, credentialSlot: slot, data: pin }, action, slot);
    if (result === DUPLICATE_CREDENTIAL) throw duplicate(action, slot);
    if (result !== OK) throw await failure(action, slot);
  };

  return {
    api: "access_control",
    read,
    async write(slot, pin, action) {
      await baseline();
      const { result } = await call<{ result: AddUserResult }>("add_user", { userId: slot, options: { active: true }, credential: { credentialType: PIN_CODE, credentialSlot: slot, data: pin } }, action, slot);
      // The slot already has its user (a PIN change): only the credential changes.
      if (result.user === USER_SLOT_OCCUPIED) return setCredential(slot, pin, action);
      if (result.credential === DUPLICATE_CREDENTIAL) throw duplicate(action, slot);
      if (result.user !== OK || (result.credential !== undefined && result.credential !== OK)) throw await failure(action, slot);
    },
    async clear(slot, action) {
      await baseline();
      const { result } = await call<{ result: number }>("delete_user", { userId: slot }, action, slot);
      if (result === OK) return;
      if (await wentUnanswered()) throw unanswered(action, slot);
      // Deleting a user the lock does not have is not a refusal: what counts is that the slot is empty.
      if ((await read(slot)) !== undefined) throw refusedByLock(action, slot);
    },
  };
}

function duplicate(action: string, slot: number): ProviderError {
  return new ProviderError({ kind: "duplicate_code", provider: "zwave_js", action, message: `the lock holds this PIN in another slot than ${slot}` });
}
