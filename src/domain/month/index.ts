export * from "./month-frame";
export * from "./month-layout";
