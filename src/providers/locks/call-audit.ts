import type { LockProviderKind, OnProviderCall, ProviderErrorKindName } from "./types";

export interface CallContext {
  action: string;
  deviceId?: string;
  codeId?: string;
}

/** Starts timing one external call; the returned function reports it once, with no PIN or credential. */
export function startCallAudit(
  onCall: OnProviderCall | undefined,
  provider: LockProviderKind,
  ctx: CallContext,
): (status: "ok" | ProviderErrorKindName, requestId?: string) => void {
  const started = performance.now();
  return (status, requestId) =>
    onCall?.({
      provider,
      action: ctx.action,
      status,
      ms: Math.round(performance.now() - started),
      ...(ctx.deviceId ? { deviceId: ctx.deviceId } : {}),
      ...(ctx.codeId ? { codeId: ctx.codeId } : {}),
      ...(requestId ? { requestId } : {}),
    });
}
