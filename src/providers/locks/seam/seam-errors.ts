import type { HttpOutcome } from "../http-retry";
import { ProviderError, type ProviderErrorKind } from "../provider-error";

const KIND_BY_TYPE: Record<string, ProviderErrorKind> = {
  duplicate_access_code: "duplicate_code",
  device_not_found: "not_found",
  access_code_not_found: "not_found",
  not_found: "not_found",
  device_offline: "offline",
  device_disconnected: "offline",
  hub_disconnected: "offline",
  account_disconnected: "permanent",
  unauthorized: "permanent",
  invalid_input: "permanent",
};

function seamErrorType(body: unknown): string | undefined {
  const error = (body as { error?: { type?: unknown } } | undefined)?.error;
  return typeof error?.type === "string" ? error.type : undefined;
}

/**
 * Maps a failed Seam call to a typed error. Only the error `type` is kept: Seam's messages can echo the
 * request (the duplicate-code message quotes the PIN), so they never reach our logs.
 */
export function seamError(outcome: Extract<HttpOutcome, { ok: false }>, action: string, requestId?: string): ProviderError {
  const base = { provider: "seam" as const, action, ...(requestId ? { providerRequestId: requestId } : {}) };
  if ("networkError" in outcome) {
    return new ProviderError({ ...base, kind: "transient", message: `${outcome.networkError} after ${outcome.attempts} attempt(s)` });
  }
  const type = seamErrorType(outcome.body);
  let kind: ProviderErrorKind =
    (type ? KIND_BY_TYPE[type] : undefined) ??
    (outcome.status === 429 ? "rate_limited" : outcome.status >= 500 ? "transient" : outcome.status === 404 ? "not_found" : "permanent");
  if (outcome.status === 429) kind = "rate_limited";
  return new ProviderError({
    ...base,
    kind,
    httpStatus: outcome.status,
    message: `HTTP ${outcome.status}${type ? ` ${type}` : ""} after ${outcome.attempts} attempt(s)`,
    ...(type ? { providerCode: type } : {}),
    ...(outcome.retryAfterMs !== undefined ? { retryAfterMs: outcome.retryAfterMs } : {}),
  });
}
