export * from "./alert-kinds";
