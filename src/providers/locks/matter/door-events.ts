/**
 * What a Matter lock reported at its door, in staykey's door-activity words. No PIN ever travels in a Matter event:
 * a keypad event names the user (and credential) index, which is the slot staykey programmed the code in.
 */
export interface MatterDoorEvent {
  kind: "unlocked" | "locked" | "access_denied" | "tampered" | "jammed" | "code_changed_externally" | "code_deleted_externally";
  method?: "keypad" | "manual" | "remote" | "auto" | "unknown";
  slot?: number;
}

/** One Door Lock cluster event as matter.js delivers it from a peer's subscription. */
export interface MatterClusterEvent {
  /** The peer (node) id on staykey's controller and the endpoint whose Door Lock cluster sent it. */
  peer: string;
  endpoint: number;
  /** The node's own event number: monotonic per node, so a resubscribe that replays an event repeats its number. */
  number: string;
  /** The event's name in the cluster (`lockOperation`, `lockOperationError`, `lockUserChange`, `doorLockAlarm`). */
  name: string;
  payload: Record<string, unknown>;
  /** The fabric index staykey has on that node: changes made through it are staykey's own. */
  ownFabricIndex?: number;
}

// Door Lock cluster enums (Matter 1.4 application cluster spec, 5.2.6): numbers, so this file loads without matter.js.
const LOCK_OPERATION = { Lock: 0, Unlock: 1, ForcedUserEvent: 3, Unlatch: 4 } as const;
const DATA_OPERATION_CLEAR = 1;
const LOCK_DATA_TYPE = { UserIndex: 2, Pin: 6 } as const;
const CREDENTIAL_TYPE_PIN = 1;
const ALARM = { LockJammed: 0, FrontEscutcheonRemoved: 5, DoorForcedOpen: 6 } as const;

/** OperationSource: Manual 1, ProprietaryRemote 2, Keypad 3, Auto 4, Button 5, Schedule 6, Remote 7; the rest unknown. */
const SOURCES: Record<number, NonNullable<MatterDoorEvent["method"]>> = { 1: "manual", 2: "remote", 3: "keypad", 4: "auto", 5: "manual", 6: "auto", 7: "remote" };

const num = (v: unknown): number | undefined => (typeof v === "number" ? v : typeof v === "bigint" ? Number(v) : undefined);

/** The slot an operation names: the PIN credential's index when the lock lists it, else the user index (staykey keeps both equal). */
function slotOf(payload: Record<string, unknown>): number | undefined {
  const credentials = Array.isArray(payload.credentials) ? (payload.credentials as Array<Record<string, unknown>>) : [];
  const pin = credentials.find((c) => num(c.credentialType) === CREDENTIAL_TYPE_PIN);
  const slot = num(pin?.credentialIndex) ?? num(payload.userIndex);
  return slot !== undefined && slot > 0 ? slot : undefined;
}

const withSlot = (slot: number | undefined) => (slot !== undefined ? { slot } : {});

/**
 * A Door Lock event as a door event, or null for one that is not door activity (a non-access user event, a radio power
 * cycle, the wrong-code limit alarm: each wrong code already came as its own LockOperationError) or a user change
 * staykey made itself through its own fabric.
 */
export function doorEventFromMatter(e: Pick<MatterClusterEvent, "name" | "payload" | "ownFabricIndex">): MatterDoorEvent | null {
  const p = e.payload;
  const method = SOURCES[num(p.operationSource) ?? -1] ?? "unknown";
  switch (e.name) {
    case "lockOperation": {
      const type = num(p.lockOperationType);
      if (type === LOCK_OPERATION.ForcedUserEvent) return { kind: "tampered", method };
      if (type === LOCK_OPERATION.Lock) return { kind: "locked", method, ...withSlot(slotOf(p)) };
      if (type === LOCK_OPERATION.Unlock || type === LOCK_OPERATION.Unlatch) return { kind: "unlocked", method, ...withSlot(slotOf(p)) };
      return null;
    }
    case "lockOperationError":
      return { kind: "access_denied", method, ...withSlot(slotOf(p)) };
    case "lockUserChange": {
      const fabric = num(p.fabricIndex);
      if (fabric !== undefined && fabric === e.ownFabricIndex) return null;
      const type = num(p.lockDataType);
      if (type !== LOCK_DATA_TYPE.Pin && type !== LOCK_DATA_TYPE.UserIndex) return null;
      const slot = num(p.userIndex) ?? (type === LOCK_DATA_TYPE.Pin ? num(p.dataIndex) : undefined);
      const kind = num(p.dataOperationType) === DATA_OPERATION_CLEAR ? "code_deleted_externally" : "code_changed_externally";
      return { kind, method, ...withSlot(slot !== undefined && slot > 0 ? slot : undefined) };
    }
    case "doorLockAlarm": {
      const code = num(p.alarmCode);
      if (code === ALARM.LockJammed) return { kind: "jammed" };
      if (code === ALARM.FrontEscutcheonRemoved || code === ALARM.DoorForcedOpen) return { kind: "tampered" };
      return null;
    }
    default:
      return null;
  }
}
