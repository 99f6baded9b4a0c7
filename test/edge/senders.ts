import { randomBytes } from "node:crypto";
import { signSvix } from "../../src/lib/webhooks/svix";
import type { TwilioEmulator } from "../peers/twilio-emulator";

/**
 * Seam's side of a webhook: a JSON event signed with Svix exactly as Seam's sender would. `event` adds or
 * overrides fields (a device_id, battery figures) for tests that need home to act on it.
 */
export function seamWebhook(secret: string, options: { id?: string; sentAt?: Date; eventType?: string; event?: Record<string, unknown> } = {}) {
  const id = options.id ?? `msg_${randomBytes(12).toString("hex")}`;
  const body = JSON.stringify({
    event_id: randomBytes(8).toString("hex"),
    event_type: options.eventType ?? "access_code.set_on_device",
    access_code_id: randomBytes(8).toString("hex"),
    occurred_at: new Date().toISOString(),
    ...options.event,
  });
  const headers = { "content-type": "application/json", ...signSvix({ secret, id, timestamp: options.sentAt ?? new Date(), rawBody: body }) };
  return { id, body, headers };
}

export async function postSeam(relayUrl: string, hook: { body: string; headers: Record<string, string> }): Promise<Response> {
  return fetch(`${relayUrl}webhooks/seam`, { method: "POST", headers: hook.headers, body: hook.body });
}

/** Creates a message at the Twilio emulator whose status callbacks point at the relay, and returns them unsent. */
export async function twilioStatusCallbacks(twilio: TwilioEmulator, relayUrl: string) {
  const response = await fetch(`${twilio.baseUrl}/2010-04-01/Accounts/${twilio.accountSid}/Messages.json`, {
    method: "POST",
    headers: { authorization: `Basic ${Buffer.from(`${twilio.accountSid}:${twilio.authToken}`).toString("base64")}` },
    body: new URLSearchParams({ To: "+15557654321", From: "+15005550006", Body: "Your door code is ready", StatusCallback: `${relayUrl}webhooks/twilio/status` }),
  });
  const { sid } = (await response.json()) as { sid: string };
  await twilio.idle();
  return twilio.takeCallbacks(sid);
}
