import { startCallAudit, type CallContext } from "../call-audit";
import { requestWithRetry, type RetryPolicy } from "../http-retry";
import type { OnProviderCall } from "../types";
import { seamError } from "./seam-errors";

export interface SeamClientOptions {
  apiKey: string;
  /** Default Seam Connect; tests point it at `@seamapi/fake-seam-connect`. */
  baseUrl?: string;
  retry?: RetryPolicy;
  onCall?: OnProviderCall;
}

export type SeamCallContext = CallContext;

/**
 * Seam's API is "POST JSON to every endpoint" with a Bearer key. Our own small client because the
 * official SDK sends PUT/DELETE verbs that the fake rejects, and we want one retry/audit policy.
 */
export class SeamClient {
  private readonly baseUrl: string;

  constructor(private readonly opts: SeamClientOptions) {
    this.baseUrl = (opts.baseUrl ?? "https://connect.getseam.com").replace(/\/+$/, "");
  }

  async post<T>(path: string, body: Record<string, unknown>, ctx: SeamCallContext): Promise<T> {
    const audit = startCallAudit(this.opts.onCall, "seam", ctx);
    const outcome = await requestWithRetry(
      {
        method: "POST",
        url: `${this.baseUrl}${path}`,
        headers: {
          authorization: `Bearer ${this.opts.apiKey}`,
          "content-type": "application/json",
          accept: "application/json",
        },
        body,
      },
      this.opts.retry,
    );
    const requestId = "headers" in outcome ? (outcome.headers.get("seam-request-id") ?? undefined) : undefined;
    if (outcome.ok) {
      audit("ok", requestId);
      return outcome.body as T;
    }
    const error = seamError(outcome, ctx.action, requestId);
    audit(error.kind, requestId);
    throw error;
  }
}
