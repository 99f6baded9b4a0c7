export { ZwaveJsLockProvider, DEFAULT_MANAGED_SLOTS, type ZwaveJsLockConfig, type ZwaveJsLockProviderOptions } from "./zwave-js-lock-provider";
export { ZwaveJsClient, ZWAVE_JS_SCHEMA_VERSION, type ZwaveJsClientOptions, type ZwaveJsEvent } from "./zwave-js-client";
