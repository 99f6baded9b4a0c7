export * from "./code-window";
export * from "./code-states";
