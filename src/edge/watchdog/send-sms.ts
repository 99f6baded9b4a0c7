import type { EdgeConfig } from "../env";

export type SmsResult = { ok: true; sid: string | undefined } | { ok: false; reason: string };

/**
 * One text through Twilio's Messages REST API with plain fetch (the SDK is Node-only): form-encoded body,
 * Basic auth with the account SID and auth token.
 */
export async function sendHostSms(config: EdgeConfig, body: string, fetcher: typeof fetch = fetch): Promise<SmsResult> {
  const { TWILIO_ACCOUNT_SID: sid, TWILIO_AUTH_TOKEN: token, HOST_PHONE: to } = config;
  if (!sid || !token || !to) return { ok: false, reason: "sms_not_configured" };
  if (!config.TWILIO_FROM && !config.TWILIO_MESSAGING_SERVICE_SID) return { ok: false, reason: "sms_not_configured" };

  const form = new URLSearchParams({ To: to, Body: body });
  if (config.TWILIO_MESSAGING_SERVICE_SID) form.set("MessagingServiceSid", config.TWILIO_MESSAGING_SERVICE_SID);
  else if (config.TWILIO_FROM) form.set("From", config.TWILIO_FROM);

  const url = `${config.TWILIO_API_BASE_URL}/2010-04-01/Accounts/${encodeURIComponent(sid)}/Messages.json`;
  try {
    const response = await fetcher(url, {
      method: "POST",
      headers: { authorization: `Basic ${btoa(`${sid}:${token}`)}`, "content-type": "application/x-www-form-urlencoded" },
      body: form.toString(),
    });
    if (!response.ok) return { ok: false, reason: `twilio_http_${response.status}` };
    const json = (await response.json().catch(() => ({}))) as { sid?: string };
    return { ok: true, sid: json.sid };
  } catch (err) {
    return { ok: false, reason: `twilio_unreachable: ${(err as Error).name}` };
  }
}
