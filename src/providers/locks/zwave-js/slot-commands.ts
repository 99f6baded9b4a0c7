import { ProviderError } from "../provider-error";
import type { ZwaveJsCallContext, ZwaveJsClient } from "./zwave-js-client";

/** How one node's user slots are read, written and cleared: User Code CC calls, or the server's access control API. */
export interface ZwaveSlotCommands {
  readonly api: "user_code" | "access_control";
  /** The PIN the lock holds in the slot, read over the radio; undefined for an empty slot. */
  read(slot: number): Promise<string | undefined>;
  write(slot: number, pin: string, action: string): Promise<void>;
  clear(slot: number, action: string): Promise<void>;
}

export interface NodeTarget {
  client: ZwaveJsClient;
  nodeId: number;
  deviceId: string;
}

export function refusedByLock(action: string, slot: number): ProviderError {
  return new ProviderError({ kind: "permanent", provider: "zwave_js", action, message: `the lock refused the change to slot ${slot}`, providerCode: "refused_by_lock" });
}

export function unanswered(action: string, slot: number): ProviderError {
  return new ProviderError({ kind: "offline", provider: "zwave_js", action, message: `the lock did not answer for slot ${slot}`, providerCode: "no_response" });
}

export function nodeCommand<T>(target: NodeTarget, command: string, args: Record<string, unknown>, ctx: ZwaveJsCallContext): Promise<T> {
  return target.client.command<T>(command, { nodeId: target.nodeId, ...args }, { ...ctx, deviceId: target.deviceId });
}

/** A PIN as the server sends it: a string, or bytes serialized as `{type: "Buffer", data}` when not plain ASCII. */
export function pinFrom(value: unknown): string | undefined {
  if (typeof value === "string") return value === "" ? undefined : value;
  if (value && typeof value === "object" && Array.isArray((value as { data?: unknown }).data)) {
    const text = Buffer.from((value as { data: number[] }).data).toString("ascii");
    return text === "" ? undefined : text;
  }
  return undefined;
}
