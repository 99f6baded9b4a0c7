export { MatterLockProvider, matterDeviceId, parseMatterDeviceId, tagFor, type MatterLockConfig, type MatterLockProviderOptions } from "./matter-lock-provider";
export { MatterFabrics, type MatterFabricStore, type MatterFabricsOptions } from "./matter-fabrics";
export { parsePairingCode, type MatterPairing } from "./pairing-code";
