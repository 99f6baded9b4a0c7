export * from "./deliveries";
export * from "./endpoints";
export { publishWebhookEvent, type WebhookEvent } from "./publish-event";
