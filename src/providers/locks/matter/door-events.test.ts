import { describe, expect, it } from "vitest";
import { doorEventFromMatter } from "./door-events";

const pinAt = (slot: number) => [{ credentialType: 1, credentialIndex: slot }];

describe("Matter Door Lock events as door activity", () => {
  it("reads a keypad unlock's slot from its PIN credential, else from its user index", () => {
    expect(doorEventFromMatter({ name: "lockOperation", payload: { lockOperationType: 1, operationSource: 3, userIndex: 2, credentials: pinAt(2) } })).toEqual({ kind: "unlocked", method: "keypad", slot: 2 });
    expect(doorEventFromMatter({ name: "lockOperation", payload: { lockOperationType: 4, operationSource: 3, userIndex: 5, credentials: null } })).toEqual({ kind: "unlocked", method: "keypad", slot: 5 });
    expect(doorEventFromMatter({ name: "lockOperation", payload: { lockOperationType: 0, operationSource: 4, userIndex: null } })).toEqual({ kind: "locked", method: "auto" });
    expect(doorEventFromMatter({ name: "lockOperation", payload: { lockOperationType: 1, operationSource: 1, userIndex: null } })).toEqual({ kind: "unlocked", method: "manual" });
  });

  it("makes a wrong code access_denied and a forced door tampering", () => {
    expect(doorEventFromMatter({ name: "lockOperationError", payload: { lockOperationType: 1, operationSource: 3, operationError: 1, userIndex: null } })).toEqual({ kind: "access_denied", method: "keypad" });
    expect(doorEventFromMatter({ name: "lockOperation", payload: { lockOperationType: 3, operationSource: 0 } })).toEqual({ kind: "tampered", method: "unknown" });
    expect(doorEventFromMatter({ name: "doorLockAlarm", payload: { alarmCode: 6 } })).toEqual({ kind: "tampered" });
    expect(doorEventFromMatter({ name: "doorLockAlarm", payload: { alarmCode: 0 } })).toEqual({ kind: "jammed" });
    // Each wrong code already came as its own LockOperationError: the limit alarm would count them twice.
    expect(doorEventFromMatter({ name: "doorLockAlarm", payload: { alarmCode: 4 } })).toBeNull();
  });

  it("reports a PIN changed or cleared by another fabric or at the lock, and ignores staykey's own changes", () => {
    const clear = { lockDataType: 6, dataOperationType: 1, operationSource: 3, userIndex: 3, fabricIndex: null, dataIndex: 3 };
    expect(doorEventFromMatter({ name: "lockUserChange", payload: clear, ownFabricIndex: 2 })).toEqual({ kind: "code_deleted_externally", method: "keypad", slot: 3 });
    const otherFabric = { lockDataType: 6, dataOperationType: 2, operationSource: 7, userIndex: 4, fabricIndex: 1, dataIndex: 4 };
    expect(doorEventFromMatter({ name: "lockUserChange", payload: otherFabric, ownFabricIndex: 2 })).toEqual({ kind: "code_changed_externally", method: "remote", slot: 4 });
    expect(doorEventFromMatter({ name: "lockUserChange", payload: { ...otherFabric, fabricIndex: 2 }, ownFabricIndex: 2 })).toBeNull();
    // A schedule change is no code change.
    expect(doorEventFromMatter({ name: "lockUserChange", payload: { ...otherFabric, lockDataType: 3 }, ownFabricIndex: 2 })).toBeNull();
  });
});
