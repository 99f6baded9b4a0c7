export * from "./attempt-outcome";
export * from "./event-types";
