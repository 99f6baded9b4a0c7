import { createHash } from "node:crypto";
import type { ServerNode } from "@matter/main";
import { BasicInformationClient } from "@matter/main/behaviors/basic-information";
import { DoorLockClient } from "@matter/main/behaviors/door-lock";
import { DoorLock } from "@matter/main/clusters/door-lock";
import type { PinConstraints } from "../../../domain/pin/constraints";
import { startCallAudit } from "../call-audit";
import { matterDeviceId } from "./device-id";
import { ProviderError, type ProviderErrorKind } from "../provider-error";
import { SlotCodeProvider, SlotCodes, type SlotContent } from "../slot-codes";
import type { DiscoveredLock, LockCapabilities, LockDevice, LockProvider, OnProviderCall } from "../types";

/** One Matter lock on staykey's fabric: the commissioned peer and the endpoint carrying its Door Lock cluster. */
export interface MatterLockConfig {
  /** staykey's device id for it. */
  deviceId: string;
  /** The peer's id on the controller (`controller.peers.get(peer)`). */
  peer: string | number;
  /** Default 1. */
  endpoint?: number;
  name?: string;
  /** User/credential indexes staykey may use, from `firstSlot` on; unset: what the lock reports, at most 10. */
  slotCapacity?: number;
  firstSlot?: number;
  codeLengths?: number[];
  constraints?: PinConstraints;
}

export interface MatterLockProviderOptions {
  /** staykey's own Matter controller, commissioned into the host's fabric (or how to get it: started on first use). */
  controller: ServerNode | (() => Promise<ServerNode>);
  locks: MatterLockConfig[];
  onCall?: OnProviderCall;
  /** A lock that does not answer within this is offline. Default 10 s. */
  commandTimeoutMs?: number;
}

const MAX_DEFAULT_SLOTS = 10;
const PIN = DoorLock.CredentialType.Pin;
/** Matter's SUCCESS status; Door Lock's own DUPLICATE and OCCUPIED follow it. */
const SUCCESS = 0;
const FAILURE = 1;

type DoorLockCommands = {
  setUser(r: DoorLock.SetUserRequest): Promise<void>;
  getUser(r: DoorLock.GetUserRequest): Promise<DoorLock.GetUserResponse>;
  clearUser(r: DoorLock.ClearUserRequest): Promise<void>;
  setCredential(r: DoorLock.SetCredentialRequest): Promise<DoorLock.SetCredentialResponse>;
  getCredentialStatus(r: DoorLock.GetCredentialStatusRequest): Promise<DoorLock.GetCredentialStatusResponse>;
  clearCredential(r: DoorLock.ClearCredentialRequest): Promise<void>;
};

/**
 * Matter locks with the Door Lock cluster's User and PIN Credential features. A code is a user and its one PIN
 * credential at the same index (the slot): add is `SetUser` then `SetCredential` (matter.js refuses a credential whose
 * user index is null), a new PIN is `SetCredential` Modify, removal is `ClearCredential` then `ClearUser` (a user left
 * without a credential still occupies the index). Matter never returns a PIN: read-back is `GetCredentialStatus` plus
 * the user's unique id, which staykey sets to a hash of the code's name so a repeated create recognises its own slot.
 */
export class MatterLockProvider extends SlotCodeProvider implements LockProvider {
  readonly kind = "matter" as const;
  private readonly locks: Map<string, MatterLockConfig>;
  protected readonly codes: SlotCodes;

  constructor(private readonly opts: MatterLockProviderOptions) {
    super();
    this.locks = new Map(opts.locks.map((l) => [l.deviceId, l]));
    this.codes = new SlotCodes({
      provider: "matter",
      slotRange: async (deviceId, action) => this.slotRange(deviceId, action),
      assertOnline: async (deviceId, action) => {
        await this.call(deviceId, action, (c) => c.getUser({ userIndex: this.config(deviceId, action).firstSlot ?? 1 }));
      },
      readSlot: (deviceId, slot) => this.readSlot(deviceId, slot),
      writeSlot: (deviceId, slot, pin, action, name) => this.writeSlot(deviceId, slot, pin, action, name),
      clearSlot: async (deviceId, slot, action) => {
        // Each half only when present: the lock answers a clear of nothing with an error, and removal must repeat safely.
        const credential = { credentialType: PIN, credentialIndex: slot };
        if ((await this.call(deviceId, action, (c) => c.getCredentialStatus({ credential }), slot)).credentialExists) {
          await this.call(deviceId, action, (c) => c.clearCredential({ credential }), slot);
        }
        if ((await this.call(deviceId, action, (c) => c.getUser({ userIndex: slot }), slot)).userStatus !== null) {
          await this.call(deviceId, action, (c) => c.clearUser({ userIndex: slot }), slot);
        }
      },
      tagFor: (name) => tagFor(name),
    });
  }

  capabilities(device: LockDevice): LockCapabilities {
    return device.capabilities;
  }

  private config(deviceId: string, action: string): MatterLockConfig {
    const c = this.locks.get(deviceId);
    if (!c) throw this.error("not_found", action, `lock ${deviceId} is not configured`);
    return c;
  }

  private error(kind: ProviderErrorKind, action: string, message: string, providerCode?: string): ProviderError {
    return new ProviderError({ kind, provider: "matter", action, message, ...(providerCode ? { providerCode } : {}) });
  }

  private async controller(): Promise<ServerNode> {
    const c = this.opts.controller;
    return typeof c === "function" ? c() : c;
  }

  private async endpoint(deviceId: string, action: string) {
    const c = this.config(deviceId, action);
    const peer = (await this.controller()).peers.get(c.peer);
    if (!peer) throw this.error("not_found", action, `peer ${c.peer} is not commissioned on staykey's fabric`);
    return peer.endpoints.for(c.endpoint ?? 1);
  }

  /** One Door Lock command, timed and audited; a lock that does not answer is offline, never a failed code. */
  private async call<T>(deviceId: string, action: string, run: (c: DoorLockCommands) => Promise<T>, slot?: number): Promise<T> {
    const audit = startCallAudit(this.opts.onCall, "matter", { action, deviceId, ...(slot !== undefined ? { codeId: String(slot) } : {}) });
    const commands = (await this.endpoint(deviceId, action)).commandsOf(DoorLockClient) as unknown as DoorLockCommands;
    const ms = this.opts.commandTimeoutMs ?? 10_000;
    let timer: NodeJS.Timeout | undefined;
    try {
      const result = await Promise.race([
        run(commands),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(this.error("offline", action, `the lock did not answer within ${ms} ms`)), ms);
          timer.unref();
        }),
      ]);
      audit("ok");
      return result;
    } catch (e) {
      // matter.js errors carry no PIN, but their text is the lock's: only the kind goes on.
      const err = e instanceof ProviderError ? e : this.error(statusKind(e), action, statusMessage(e));
      audit(err.kind);
      throw err;
    } finally {
      if (timer) clearTimeout(timer);
    }
  }

  private async slotRange(deviceId: string, action: string): Promise<number[]> {
    const c = this.config(deviceId, action);
    const first = c.firstSlot ?? 1;
    let capacity = c.slotCapacity;
    if (capacity === undefined) {
      const state = (await this.endpoint(deviceId, action)).stateOf(DoorLockClient) as { numberOfPinUsersSupported?: number; numberOfTotalUsersSupported?: number };
      const users = state.numberOfPinUsersSupported ?? state.numberOfTotalUsersSupported ?? 0;
      capacity = Math.max(0, Math.min(MAX_DEFAULT_SLOTS, users - first + 1));
    }
    return Array.from({ length: capacity }, (_, i) => first + i);
  }

  private async readSlot(deviceId: string, slot: number): Promise<SlotContent | undefined> {
    const status = await this.call(deviceId, "credential.status", (c) => c.getCredentialStatus({ credential: { credentialType: PIN, credentialIndex: slot } }), slot);
    if (!status.credentialExists) return undefined;
    const user = await this.call(deviceId, "user.get", (c) => c.getUser({ userIndex: slot }), slot);
    return user.userUniqueId === null || user.userUniqueId === undefined ? {} : { tag: user.userUniqueId };
  }

  private async writeSlot(deviceId: string, slot: number, pin: string, action: string, name: string): Promise<void> {
    const credential = { credentialType: PIN, credentialIndex: slot };
    const credentialData = new TextEncoder().encode(pin);
    const exists = (await this.call(deviceId, action, (c) => c.getCredentialStatus({ credential }), slot)).credentialExists;
    let response: DoorLock.SetCredentialResponse;
    if (exists) {
      response = await this.call(deviceId, action, (c) => c.setCredential({ operationType: DoorLock.DataOperationType.Modify, credential, credentialData, userIndex: slot, userStatus: null, userType: null }), slot);
    } else {
      const user = await this.call(deviceId, action, (c) => c.getUser({ userIndex: slot }), slot);
      await this.call(deviceId, action, (c) => c.setUser({
        operationType: user.userStatus === null ? DoorLock.DataOperationType.Add : DoorLock.DataOperationType.Modify,
        userIndex: slot,
        userName: `staykey ${slot}`.slice(0, 10),
        userUniqueId: tagFor(name),
        userStatus: DoorLock.UserStatus.OccupiedEnabled,
        userType: DoorLock.UserType.UnrestrictedUser,
        credentialRule: DoorLock.CredentialRule.Single,
      }), slot);
      response = await this.call(deviceId, action, (c) => c.setCredential({ operationType: DoorLock.DataOperationType.Add, credential, credentialData, userIndex: slot, userStatus: null, userType: null }), slot);
    }
    if (Number(response.status) === SUCCESS) return;
    if (!exists) await this.call(deviceId, action, (c) => c.clearUser({ userIndex: slot }), slot).catch(() => undefined);
    // The spec's answer to a PIN another user holds is DUPLICATE; matter.js 0.17.9 answers FAILURE (and keeps INVALID_COMMAND
    // for a PIN it cannot take at all). Either way a different PIN is the way on: the caller draws one.
    if (Number(response.status) === DoorLock.StatusCode.Duplicate || Number(response.status) === FAILURE) {
      throw this.error("duplicate_code", action, "the lock already holds this PIN");
    }
    throw this.error("permanent", action, `the lock refused the PIN for slot ${slot} (status ${response.status})`, "refused_by_lock");
  }

  /**
   * Every endpoint with a Door Lock cluster on the nodes commissioned into this fabric, as `<peer>/<endpoint>` (what a
   * lock row carries as its device id). Read from what the controller already knows of each node: nothing is sent.
   */
  async discoverLocks(): Promise<DiscoveredLock[]> {
    const out: DiscoveredLock[] = [];
    for (const peer of (await this.controller()).peers) {
      const info = peer.maybeStateOf(BasicInformationClient) as { vendorName?: string; productName?: string; nodeLabel?: string } | undefined;
      const model = [info?.vendorName, info?.productName].filter(Boolean).join(" ");
      for (const ep of peer.endpoints) {
        if (ep.number === undefined || !ep.behaviors.has(DoorLockClient)) continue;
        out.push({
          deviceId: matterDeviceId(String(peer.id), ep.number),
          name: info?.nodeLabel || info?.productName || `Matter lock ${peer.id}`,
          ...(model ? { model } : {}),
          online: peer.lifecycle.isOnline,
        });
      }
    }
    return out;
  }

  async listDevices(): Promise<LockDevice[]> {
    const out: LockDevice[] = [];
    for (const id of this.locks.keys()) out.push(await this.getDevice(id));
    return out;
  }

  /** Online when the lock answers a Door Lock read now; the capacities come from the cluster's own attributes. */
  async getDevice(deviceId: string): Promise<LockDevice> {
    const c = this.config(deviceId, "device.get");
    let online = true;
    try {
      await this.call(deviceId, "device.get", (cmd) => cmd.getUser({ userIndex: c.firstSlot ?? 1 }));
    } catch (e) {
      if (!(e instanceof ProviderError && e.kind === "offline")) throw e;
      online = false;
    }
    const state = (await this.endpoint(deviceId, "device.get")).stateOf(DoorLockClient) as { minPinCodeLength?: number; maxPinCodeLength?: number };
    const lengths = c.codeLengths ?? lengthsBetween(state.minPinCodeLength ?? 4, state.maxPinCodeLength ?? 8);
    return {
      deviceId,
      name: c.name ?? `Matter lock ${c.peer}`,
      online,
      capabilities: {
        scheduling: "slots",
        codeLengths: lengths,
        constraints: c.constraints ?? { supportedLengths: lengths },
        slotCapacity: (await this.slotRange(deviceId, "device.get")).length,
        firstSlot: c.firstSlot ?? 1,
      },
    };
  }
}

/** A 32-bit tag for a code's name (the code id is in it); not secret, and nothing about the PIN. */
export function tagFor(name: string): number {
  return createHash("sha256").update(name).digest().readUInt32BE(0);
}

function lengthsBetween(min: number, max: number): number[] {
  const from = Math.max(4, min);
  const to = Math.min(12, Math.max(from, max));
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** A Matter status the lock answered with is its refusal; anything else (no session, timeout) is the network. */
function statusKind(e: unknown): ProviderErrorKind {
  const code = (e as { code?: unknown })?.code;
  if (typeof code === "number" && code !== 0) return code === 0x8b /* NOT_FOUND */ ? "not_found" : "permanent";
  return "offline";
}

function statusMessage(e: unknown): string {
  const code = (e as { code?: unknown })?.code;
  return typeof code === "number" ? `the lock answered status ${code}` : "the lock could not be reached";
}
