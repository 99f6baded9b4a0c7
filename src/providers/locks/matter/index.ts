export { MatterLockProvider, tagFor, type MatterLockConfig, type MatterLockProviderOptions } from "./matter-lock-provider";
