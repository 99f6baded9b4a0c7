export * from "./show-time";
