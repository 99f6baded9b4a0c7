import { nodeCommand, pinFrom, refusedByLock, unanswered, type NodeTarget, type ZwaveSlotCommands } from "./slot-commands";

const USER_CODE_CC = 99;
/** User Code CC user id status: 0 available, 1 enabled, 2 disabled (254 is "no such slot"). */
const OCCUPIED = new Set([1, 2]);
const ENABLED = 1;
/** SupervisionStatus.Fail: the lock took the command and refused it. */
const SUPERVISION_FAIL = 2;

/**
 * User Code CC `set`/`get`/`clear` through `endpoint.invoke_cc_api`, as Home Assistant's zwave_js integration calls
 * them: the path for every server (schema 32 on) and every lock with User Code CC.
 */
export function userCodeCommands(target: NodeTarget): ZwaveSlotCommands {
  const invoke = async (methodName: string, args: unknown[], action: string, slot: number) => {
    const res = await nodeCommand<{ response?: Record<string, unknown> }>(target, "endpoint.invoke_cc_api", { commandClass: USER_CODE_CC, methodName, args }, { action, codeId: String(slot) });
    return res.response ?? undefined;
  };
  return {
    api: "user_code",
    async read(slot) {
      const res = await invoke("get", [slot], "usercode.get", slot);
      // No report within the driver's timeout: unknown, never "empty" (a revoke would be verified by silence).
      if (!res) throw unanswered("usercode.get", slot);
      return OCCUPIED.has(Number(res.userIdStatus)) ? pinFrom(res.userCode) : undefined;
    },
    async write(slot, pin, action) {
      const res = await invoke("set", [slot, ENABLED, pin], action, slot);
      if (res?.status === SUPERVISION_FAIL) throw refusedByLock(action, slot);
    },
    async clear(slot, action) {
      const res = await invoke("clear", [slot], action, slot);
      if (res?.status === SUPERVISION_FAIL) throw refusedByLock(action, slot);
    },
  };
}
