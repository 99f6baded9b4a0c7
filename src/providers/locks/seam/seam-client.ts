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

export interface SeamCallContext {
  action: string;
  deviceId?: string;
  codeId?: string;
}

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
    const started = performance.now();
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
    const audit = (status: "ok" | ReturnType<typeof seamError>["kind"]) =>
      this.opts.onCall?.({
        provider: "seam",
        action: ctx.action,
        status,
        ms: Math.round(performance.now() - started),
        ...(ctx.deviceId ? { deviceId: ctx.deviceId } : {}),
        ...(ctx.codeId ? { codeId: ctx.codeId } : {}),
        ...(requestId ? { requestId } : {}),
      });
    if (outcome.ok) {
      audit("ok");
      return outcome.body as T;
    }
    const error = seamError(outcome, ctx.action, requestId);
    audit(error.kind);
    throw error;
  }
}
