export {
  HomeAssistantLockProvider,
  type HomeAssistantLockConfig,
  type HomeAssistantLockProviderOptions,
} from "./home-assistant-lock-provider";
export { HomeAssistantClient, type HomeAssistantClientOptions, type HaState } from "./ha-client";
export { HomeAssistantEventStream, type HaBusEvent, type HaEventStreamOptions, type HaStreamStatus } from "./ha-event-stream";
export { doorEventFromHomeAssistant } from "./ha-door-notifications";
