export * from "./channels";
export * from "./compose";
export * from "./format-local";
export * from "./idempotency-keys";
export * from "./send-times";
export * from "./status-order";
export * from "./templates";
export * from "./preview";
