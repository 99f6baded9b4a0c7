import type { ServiceDeps } from "../deps";

/** What delivery needs from ServiceDeps: no locks or feeds, so tests and the API can build it from loopback peers. */
export type DeliveryDeps = Pick<ServiceDeps, "db" | "box" | "clock" | "logger" | "config" | "jobs" | "messaging">;

/** Where Twilio posts status changes; none without a public URL (the webhook refuses unsigned-URL setups anyway). */
export function statusCallbackUrl(deps: Pick<DeliveryDeps, "config">): string | undefined {
  const base = deps.config.STAYKEY_PUBLIC_URL;
  return base ? `${base}/webhooks/twilio/status` : undefined;
}
