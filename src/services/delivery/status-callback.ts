import type { ServiceDeps } from "../deps";

/** Where Twilio posts status changes; none without a public URL (the webhook refuses unsigned-URL setups anyway). */
export function statusCallbackUrl(deps: Pick<ServiceDeps, "config">): string | undefined {
  const base = deps.config.STAYKEY_PUBLIC_URL;
  return base ? `${base}/webhooks/twilio/status` : undefined;
}
