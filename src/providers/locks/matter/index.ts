export { matterDeviceId, parseMatterDeviceId } from "./device-id";
export { lazyMatterLockProvider } from "./lazy-provider";
export { MatterLockProvider, tagFor, type MatterLockConfig, type MatterLockProviderOptions } from "./matter-lock-provider";
export { MatterFabrics, type MatterFabricStore, type MatterFabricsOptions } from "./matter-fabrics";
export { parsePairingCode, type MatterPairing } from "./pairing-code";
