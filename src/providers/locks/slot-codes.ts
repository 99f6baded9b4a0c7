import { ProviderError, type ProviderErrorKind } from "./provider-error";
import type { CreateCodeInput, LockProviderKind, ProviderCode, UpdateCodeInput } from "./types";

/**
 * What an occupied slot reports. Z-Wave locks return the PIN; a Matter lock never does, and says only that the slot
 * holds a credential and which tag (the user's unique id) the writer left on it.
 */
export interface SlotContent {
  pin?: string;
  tag?: number;
}

/** What a slot-based lock (Z-Wave User Code, Matter Door Lock users: N numbered slots, no schedules) can do. */
export interface SlotLockIo {
  readonly provider: LockProviderKind;
  /** The slots staykey may use on this lock; throws `not_found` for a lock that is not configured. */
  slotRange(deviceId: string, action: string): Promise<number[]>;
  /** Throws `offline` when the lock cannot take a write now. */
  assertOnline(deviceId: string, action: string): Promise<void>;
  /** The slot as the lock reports it now, or undefined for an empty slot. */
  readSlot(deviceId: string, slot: number): Promise<SlotContent | undefined>;
  /** `name` is the code's name on the lock; a lock that keeps a tag stores `tagFor(name)`. */
  writeSlot(deviceId: string, slot: number, pin: string, action: string, name: string): Promise<void>;
  /** For locks that never report PINs: the tag a write leaves, so a repeated create recognises its own slot. */
  tagFor?(name: string): number;
  clearSlot(deviceId: string, slot: number, action: string): Promise<void>;
}

/**
 * The code rules every slot lock shares, whatever carries the commands (Home Assistant's services, zwave-js-server):
 * a PIN already on the lock (or, where the lock keeps PINs to itself, this very code's tag) is a duplicate naming its
 * slot, a slot someone else holds is never overwritten, every write is read back from the lock, and a code's id is its
 * slot number.
 */
export class SlotCodes {
  constructor(private readonly io: SlotLockIo) {}

  private error(kind: ProviderErrorKind, action: string, message: string): ProviderError {
    return new ProviderError({ kind, provider: this.io.provider, action, message });
  }

  private toCode(slot: number, content: SlotContent): ProviderCode {
    return { codeId: String(slot), slot, ...(content.pin !== undefined ? { pin: content.pin } : {}), name: `Slot ${slot}`, status: "set" };
  }

  private async parseSlot(deviceId: string, codeId: string, action: string): Promise<number> {
    const slot = Number(codeId);
    if (!(await this.io.slotRange(deviceId, action)).includes(slot)) throw this.error("not_found", action, `slot ${codeId} is outside the managed range`);
    return slot;
  }

  async createCode(deviceId: string, input: CreateCodeInput, action = "usercode.set"): Promise<ProviderCode> {
    const range = await this.io.slotRange(deviceId, action);
    await this.io.assertOnline(deviceId, action);
    const onLock = await this.readAll(deviceId, range);
    const tag = this.io.tagFor?.(input.name);
    const same = onLock.find(([, c]) => (c.pin !== undefined && c.pin === input.pin) || (tag !== undefined && c.tag === tag));
    // Perhaps our own earlier write (a retried job): the caller tells, from the slot it asked for.
    if (same) throw this.error("duplicate_code", action, `PIN already in slot ${same[0]}`).naming(String(same[0]));
    const used = new Set(onLock.map(([s]) => s));
    let slot = input.slot;
    if (slot === undefined) slot = range.find((s) => !used.has(s));
    else if (!range.includes(slot)) throw this.error("permanent", action, `slot ${slot} is outside the managed range`);
    if (slot === undefined || used.has(slot)) throw this.error("slots_exhausted", action, slot === undefined ? "no free slot" : `slot ${slot} is occupied`);
    return this.write(deviceId, slot, input.pin, action, input.name, tag);
  }

  private async write(deviceId: string, slot: number, pin: string, action: string, name: string, tag: number | undefined): Promise<ProviderCode> {
    await this.io.writeSlot(deviceId, slot, pin, action, name);
    const readBack = await this.io.readSlot(deviceId, slot);
    const landed = readBack !== undefined && (readBack.pin === undefined ? tag !== undefined && readBack.tag === tag : readBack.pin === pin);
    // Z-Wave writes can land after the controller answers; "setting" tells the caller to poll listCodes.
    return { ...this.toCode(slot, { pin }), status: landed ? "set" : "setting" };
  }

  /** Slot locks have no schedule: only a PIN change touches the lock; window changes are the caller's timing. */
  async updateCode(deviceId: string, codeId: string, input: UpdateCodeInput, action = "usercode.update"): Promise<ProviderCode> {
    const slot = await this.parseSlot(deviceId, codeId, action);
    await this.io.assertOnline(deviceId, action);
    if (input.pin === undefined) return this.getCode(deviceId, codeId);
    const current = await this.io.readSlot(deviceId, slot);
    const clash = (await this.listCodes(deviceId)).find((code) => code.pin !== undefined && code.pin === input.pin && code.slot !== slot);
    if (clash) throw this.error("duplicate_code", action, `PIN already in slot ${clash.slot}`);
    // A new PIN only: the slot keeps its tag (a tag-keeping lock recognises the code by it).
    return this.write(deviceId, slot, input.pin, action, input.name ?? `Slot ${slot}`, current?.tag);
  }

  async deleteCode(deviceId: string, codeId: string, action = "usercode.clear"): Promise<void> {
    const slot = await this.parseSlot(deviceId, codeId, action);
    await this.io.assertOnline(deviceId, action);
    await this.io.clearSlot(deviceId, slot, action);
  }

  async getCode(deviceId: string, codeId: string, action = "usercode.get"): Promise<ProviderCode> {
    const slot = await this.parseSlot(deviceId, codeId, action);
    const content = await this.io.readSlot(deviceId, slot);
    if (content === undefined) throw this.error("not_found", action, `slot ${slot} is empty`);
    return this.toCode(slot, content);
  }

  /** Reads every managed slot one at a time: gentle on the Z-Wave mesh, and a lock has tens of slots, not thousands. */
  async listCodes(deviceId: string, action = "usercode.list"): Promise<ProviderCode[]> {
    return (await this.readAll(deviceId, await this.io.slotRange(deviceId, action))).map(([slot, content]) => this.toCode(slot, content));
  }

  private async readAll(deviceId: string, range: number[]): Promise<Array<[number, SlotContent]>> {
    const out: Array<[number, SlotContent]> = [];
    for (const slot of range) {
      const content = await this.io.readSlot(deviceId, slot);
      if (content !== undefined) out.push([slot, content]);
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
