import { applyInboundSms, receiveTwilioStatus } from "../../services/delivery/twilio-events";
import type { ApiApp } from "../env";
import { verifiedTwilioParams } from "./verify-twilio-request";
import type { ServiceDeps } from "../../services/deps";

// An empty TwiML document: Twilio sends no automatic reply (its own STOP/START confirmations still go out).
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

/**
 * `/webhooks/twilio/status` and `/webhooks/twilio/inbound`. Both answer 200 to anything verified, including events
 * they ignore or have seen, so Twilio does not retry; only an unverifiable request gets an error.
 */
export function registerWebhooks(app: ApiApp, deps: ServiceDeps): void {
  app.post("/webhooks/twilio/status", async (c) => {
    const params = await verifiedTwilioParams(c, deps.config);
    const { outcome, twilioStatus } = await receiveTwilioStatus(deps, params);
    deps.logger.info({ webhook: "twilio.status", status: twilioStatus, outcome }, "twilio status callback");
    return c.body(null, 204);
  });

  app.post("/webhooks/twilio/inbound", async (c) => {
    const params = await verifiedTwilioParams(c, deps.config);
    const outcome = applyInboundSms(deps, params);
    deps.logger.info({ webhook: "twilio.inbound", outcome }, "twilio inbound sms");
    return c.body(EMPTY_TWIML, 200, { "content-type": "text/xml; charset=utf-8" });
  });
}
