import { ProviderError, type ProviderErrorKind } from "./provider-error";
import type { CreateCodeInput, LockProviderKind, ProviderCode, UpdateCodeInput } from "./types";

/** What a slot-based lock (Z-Wave User Code: N numbered slots, a PIN or nothing in each, no schedules) can do. */
export interface SlotLockIo {
  readonly provider: LockProviderKind;
  /** The slots staykey may use on this lock; throws `not_found` for a lock that is not configured. */
  slotRange(deviceId: string, action: string): Promise<number[]>;
  /** Throws `offline` when the lock cannot take a write now. */
  assertOnline(deviceId: string, action: string): Promise<void>;
  /** The PIN in a slot as the lock reports it now, or undefined for an empty slot. */
  readSlot(deviceId: string, slot: number): Promise<string | undefined>;
  writeSlot(deviceId: string, slot: number, pin: string, action: string): Promise<void>;
  clearSlot(deviceId: string, slot: number, action: string): Promise<void>;
}

/**
 * The code rules every slot lock shares, whatever carries the commands (Home Assistant's services, zwave-js-server):
 * a PIN already on the lock is a duplicate naming its slot, a slot someone else holds is never overwritten, every write
 * is read back from the lock, and a code's id is its slot number.
 */
export class SlotCodes {
  constructor(private readonly io: SlotLockIo) {}

  private error(kind: ProviderErrorKind, action: string, message: string): ProviderError {
    return new ProviderError({ kind, provider: this.io.provider, action, message });
  }

  private toCode(slot: number, pin: string): ProviderCode {
    return { codeId: String(slot), slot, pin, name: `Slot ${slot}`, status: "set" };
  }

  private async parseSlot(deviceId: string, codeId: string, action: string): Promise<number> {
    const slot = Number(codeId);
    if (!(await this.io.slotRange(deviceId, action)).includes(slot)) throw this.error("not_found", action, `slot ${codeId} is outside the managed range`);
    return slot;
  }

  async createCode(deviceId: string, input: CreateCodeInput, action = "usercode.set"): Promise<ProviderCode> {
    const range = await this.io.slotRange(deviceId, action);
    await this.io.assertOnline(deviceId, action);
    const onLock = await this.listCodes(deviceId);
    const samePin = onLock.find((code) => code.pin === input.pin);
    // Perhaps our own earlier write (a retried job): the caller tells, from the slot it asked for.
    if (samePin) throw this.error("duplicate_code", action, `PIN already in slot ${samePin.slot}`).naming(samePin.codeId);
    const used = new Set(onLock.map((code) => code.slot));
    let slot = input.slot;
    if (slot === undefined) slot = range.find((s) => !used.has(s));
    else if (!range.includes(slot)) throw this.error("permanent", action, `slot ${slot} is outside the managed range`);
    if (slot === undefined || used.has(slot)) throw this.error("slots_exhausted", action, slot === undefined ? "no free slot" : `slot ${slot} is occupied`);
    return this.write(deviceId, slot, input.pin, action);
  }

  private async write(deviceId: string, slot: number, pin: string, action: string): Promise<ProviderCode> {
    await this.io.writeSlot(deviceId, slot, pin, action);
    const readBack = await this.io.readSlot(deviceId, slot);
    // Z-Wave writes can land after the controller answers; "setting" tells the caller to poll listCodes.
    return { ...this.toCode(slot, pin), status: readBack === pin ? "set" : "setting" };
  }

  /** Slot locks have no schedule: only a PIN change touches the lock; window changes are the caller's timing. */
  async updateCode(deviceId: string, codeId: string, input: UpdateCodeInput, action = "usercode.update"): Promise<ProviderCode> {
    const slot = await this.parseSlot(deviceId, codeId, action);
    await this.io.assertOnline(deviceId, action);
    if (input.pin === undefined) return this.getCode(deviceId, codeId);
    const clash = (await this.listCodes(deviceId)).find((code) => code.pin === input.pin && code.slot !== slot);
    if (clash) throw this.error("duplicate_code", action, `PIN already in slot ${clash.slot}`);
    return this.write(deviceId, slot, input.pin, action);
  }

  async deleteCode(deviceId: string, codeId: string, action = "usercode.clear"): Promise<void> {
    const slot = await this.parseSlot(deviceId, codeId, action);
    await this.io.assertOnline(deviceId, action);
    await this.io.clearSlot(deviceId, slot, action);
  }

  async getCode(deviceId: string, codeId: string, action = "usercode.get"): Promise<ProviderCode> {
    const slot = await this.parseSlot(deviceId, codeId, action);
    const pin = await this.io.readSlot(deviceId, slot);
    if (pin === undefined) throw this.error("not_found", action, `slot ${slot} is empty`);
    return this.toCode(slot, pin);
  }

  /** Reads every managed slot one at a time: gentle on the Z-Wave mesh, and a lock has tens of slots, not thousands. */
  async listCodes(deviceId: string, action = "usercode.list"): Promise<ProviderCode[]> {
    const out: ProviderCode[] = [];
    for (const slot of await this.io.slotRange(deviceId, action)) {
      const pin = await this.io.readSlot(deviceId, slot);
      if (pin !== undefined) out.push(this.toCode(slot, pin));
    }
    return out;
  }
}

/** The code half of a slot lock provider: every call goes through its `SlotCodes`. */
export abstract class SlotCodeProvider {
  protected abstract readonly codes: SlotCodes;

  createCode(deviceId: string, input: CreateCodeInput): Promise<ProviderCode> {
    return this.codes.createCode(deviceId, input);
  }

  updateCode(deviceId: string, codeId: string, input: UpdateCodeInput): Promise<ProviderCode> {
    return this.codes.updateCode(deviceId, codeId, input);
  }

  deleteCode(deviceId: string, codeId: string): Promise<void> {
    return this.codes.deleteCode(deviceId, codeId);
  }

  getCode(deviceId: string, codeId: string): Promise<ProviderCode> {
    return this.codes.getCode(deviceId, codeId);
  }

  listCodes(deviceId: string): Promise<ProviderCode[]> {
    return this.codes.listCodes(deviceId);
  }
}
