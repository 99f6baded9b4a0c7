export { SeamLockProvider } from "./seam-lock-provider";
export { SeamClient, type SeamClientOptions } from "./seam-client";
export { seamCapabilities, toLockDevice, toProviderCode, type SeamAccessCode, type SeamDevice, type SeamEventRecord } from "./seam-mapping";
