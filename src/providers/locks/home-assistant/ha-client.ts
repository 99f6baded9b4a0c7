import type { AddressGuard } from "../../../lib/net/guarded-lookup";
import { startCallAudit, type CallContext } from "../call-audit";
import { requestWithRetry, type HttpOutcome, type RetryPolicy } from "../http-retry";
import { ProviderError, type ProviderErrorKind } from "../provider-error";
import type { OnProviderCall } from "../types";

export interface HomeAssistantClientOptions {
  /** e.g. http://homeassistant.local:8123 */
  baseUrl: string;
  /** A long-lived access token. */
  token: string;
  /** The base URL is the host's own input: every call is checked against the lock address policy on its socket. */
  addressGuard?: AddressGuard;
  retry?: RetryPolicy;
  onCall?: OnProviderCall;
}

export type HaCallContext = CallContext;

/** HA's state object, as `GET /api/states/<entity_id>` returns it. */
export interface HaState {
  entity_id: string;
  state: string;
  attributes: Record<string, unknown>;
  last_changed?: string;
  last_updated?: string;
  last_reported?: string;
}

function kindFor(outcome: Extract<HttpOutcome, { ok: false }>): ProviderErrorKind {
  if ("networkError" in outcome && outcome.networkError === "blocked") return "permanent";
  if (outcome.status === 0 || outcome.status >= 500) return "transient";
  if (outcome.status === 429) return "rate_limited";
  if (outcome.status === 404) return "not_found";
  return "permanent";
}

/** The Home Assistant REST API with a long-lived token; HA's error bodies are not forwarded (they may echo input). */
export class HomeAssistantClient {
  private readonly baseUrl: string;

  constructor(private readonly opts: HomeAssistantClientOptions) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, "");
  }

  getState(entityId: string, ctx: HaCallContext): Promise<HaState> {
    return this.call<HaState>("GET", `/api/states/${encodeURIComponent(entityId)}`, undefined, ctx);
  }

  /** Every entity's state (`GET /api/states`), for listing the lock entities a host can pick. */
  getStates(ctx: HaCallContext): Promise<HaState[]> {
    return this.call<HaState[]>("GET", "/api/states", undefined, ctx);
  }

  callService<T>(domain: string, service: string, data: Record<string, unknown>, ctx: HaCallContext, returnResponse = false): Promise<T> {
    const query = returnResponse ? "?return_response" : "";
    return this.call<T>("POST", `/api/services/${domain}/${service}${query}`, data, ctx);
  }

  private async call<T>(method: "GET" | "POST", path: string, body: unknown, ctx: HaCallContext): Promise<T> {
    const audit = startCallAudit(this.opts.onCall, "home_assistant", ctx);
    const outcome = await requestWithRetry(
      {
        method,
        url: `${this.baseUrl}${path}`,
        headers: { authorization: `Bearer ${this.opts.token}`, "content-type": "application/json", accept: "application/json" },
        body,
        ...(this.opts.addressGuard ? { addressGuard: this.opts.addressGuard } : {}),
      },
      this.opts.retry,
    );
    if (outcome.ok) {
      audit("ok");
      return outcome.body as T;
    }
    const kind = kindFor(outcome);
    audit(kind);
    const what = "networkError" in outcome ? (outcome.networkError === "blocked" ? `refused address: ${outcome.detail}` : outcome.networkError) : `HTTP ${outcome.status}`;
    throw new ProviderError({
      kind,
      provider: "home_assistant",
      action: ctx.action,
      message: `${what} after ${outcome.attempts} attempt(s)`,
      ...(outcome.status ? { httpStatus: outcome.status } : {}),
      ...("retryAfterMs" in outcome && outcome.retryAfterMs !== undefined ? { retryAfterMs: outcome.retryAfterMs } : {}),
    });
  }
}
