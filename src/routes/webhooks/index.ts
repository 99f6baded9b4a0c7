export { registerWebhooks } from "./twilio-webhooks";
