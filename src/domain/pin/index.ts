export * from "./constraints";
export { COMMON_PINS } from "./common-pins";
export { looksLikeDate } from "./date-like";
export * from "./pin-violations";
export * from "./generate-pin";
export * from "./slot-allocation";
