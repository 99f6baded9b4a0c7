export {
  HomeAssistantLockProvider,
  type HomeAssistantLockConfig,
  type HomeAssistantLockProviderOptions,
} from "./home-assistant-lock-provider";
export { HomeAssistantClient, type HomeAssistantClientOptions, type HaState } from "./ha-client";
