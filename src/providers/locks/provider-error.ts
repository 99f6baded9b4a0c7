import type { LockProviderKind, ProviderErrorKindName } from "./types";

export type ProviderErrorKind = ProviderErrorKindName;

/** Kinds worth another attempt later; the rest should become BullMQ's `UnrecoverableError`. */
const RETRYABLE: ReadonlySet<ProviderErrorKind> = new Set(["transient", "rate_limited", "offline"]);

export interface ProviderErrorInit {
  kind: ProviderErrorKind;
  provider: LockProviderKind;
  action: string;
  /** Must never contain a PIN: build it from vendor error codes, not vendor messages that echo input. */
  message: string;
  retryAfterMs?: number;
  providerRequestId?: string;
  httpStatus?: number;
  /** The vendor's own error code (e.g. `duplicate_access_code`), for logs and alerts. */
  providerCode?: string;
  /**
   * For `duplicate_code`: the lock's code that already holds this PIN, when the vendor can tell (not for a code it does
   * not manage, such as one set at the keypad). The caller decides whether that code is its own earlier create.
   */
  existingCodeId?: string;
}

export class ProviderError extends Error {
  override readonly name = "ProviderError";
  readonly kind: ProviderErrorKind;
  readonly provider: LockProviderKind;
  readonly action: string;
  readonly retryAfterMs?: number;
  readonly providerRequestId?: string;
  readonly httpStatus?: number;
  readonly providerCode?: string;
  readonly existingCodeId?: string;

  constructor(private readonly init: ProviderErrorInit) {
    super(`${init.provider} ${init.action}: ${init.message}`);
    this.kind = init.kind;
    this.provider = init.provider;
    this.action = init.action;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
    if (init.providerRequestId !== undefined) this.providerRequestId = init.providerRequestId;
    if (init.httpStatus !== undefined) this.httpStatus = init.httpStatus;
    if (init.providerCode !== undefined) this.providerCode = init.providerCode;
    if (init.existingCodeId !== undefined) this.existingCodeId = init.existingCodeId;
  }

  /** The same refusal, naming the lock's code that holds the PIN (see `existingCodeId`). */
  naming(existingCodeId: string): ProviderError {
    return new ProviderError({ ...this.init, existingCodeId });
  }

  get retryable(): boolean {
    return RETRYABLE.has(this.kind);
  }
}

export function isProviderError(e: unknown): e is ProviderError {
  return e instanceof ProviderError;
}
