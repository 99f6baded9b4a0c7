import { linkLocalOrMetadata, type AllowList } from "../../lib/net/address-policy";
import { BlockedAddressError, createAddressGuard, type AddressGuard, type Resolver } from "../../lib/net/guarded-lookup";
import { RequestTimeoutError, sendRequest } from "../locks/send-request";

export const WEBHOOK_USER_AGENT = "staykey-webhooks/1";

/**
 * Where an outbound webhook may go: public addresses, plus what the operator allows with
 * `STAYKEY_WEBHOOK_ALLOW_HOSTS`, never link-local or a cloud metadata address. Checked on the connecting socket, so
 * a receiver's name that re-resolves to a private address between the host saving it and a delivery is caught.
 */
export function webhookAddressGuard(allowList: AllowList, resolver?: Resolver): AddressGuard {
  return createAddressGuard({ allowList, alwaysRefused: linkLocalOrMetadata, ...(resolver ? { resolver } : {}) });
}

/** Why a receiver URL is refused when it is saved (every delivery checks again), or null. */
export async function webhookUrlProblem(url: URL, guard: AddressGuard): Promise<string | null> {
  const refusal = await guard.check(url.hostname);
  if (!refusal) return null;
  return linkLocalOrMetadata(refusal.address)
    ? `${refusal.where}: webhooks are never sent to link-local or cloud metadata addresses`
    : `${refusal.where}: only public addresses, unless the operator allows this host in STAYKEY_WEBHOOK_ALLOW_HOSTS`;
}

/** The receiver's answer (status only: its body is read and dropped), or why there was none. */
export type WebhookPostResult = { status: number; error: null } | { status: null; error: string; blocked: boolean };

/**
 * One POST of a signed body. Redirects are not followed (a 3xx is an answer like any other). Never throws; the error
 * names the host, never the URL, whose path or query may hold the receiver's token.
 */
export async function postWebhook(url: string, body: string, headers: Record<string, string>, opts: { guard: AddressGuard; timeoutMs: number }): Promise<WebhookPostResult> {
  const host = new URL(url).host;
  try {
    const res = await sendRequest(
      { method: "POST", url, rawBody: body, addressGuard: opts.guard, headers: { ...headers, "content-type": "application/json", "user-agent": WEBHOOK_USER_AGENT } },
      opts.timeoutMs,
    );
    return { status: res.status, error: null };
  } catch (err) {
    if (err instanceof BlockedAddressError) return { status: null, error: `refused by the address policy: ${err.where}`, blocked: true };
    if (err instanceof RequestTimeoutError) return { status: null, error: `${host} did not answer within ${opts.timeoutMs} ms`, blocked: false };
    const code = (err as NodeJS.ErrnoException).code;
    return { status: null, error: `could not reach ${host}${code ? ` (${code})` : ""}`, blocked: false };
  }
}
