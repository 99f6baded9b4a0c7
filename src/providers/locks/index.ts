export * from "./types";
export { ProviderError, isProviderError, type ProviderErrorKind, type ProviderErrorInit } from "./provider-error";
export { batteryStatusFor } from "./battery-status";
export { SeamLockProvider, type SeamClientOptions } from "./seam";
export { HomeAssistantLockProvider, type HomeAssistantLockConfig, type HomeAssistantLockProviderOptions } from "./home-assistant";
export { SimulatedLockProvider, createSimulatedLockStore, type SimulatedDeviceSpec, type SimulatedLockStore } from "./simulated";
export { ZwaveJsLockProvider, type ZwaveJsLockConfig, type ZwaveJsLockProviderOptions } from "./zwave-js";
