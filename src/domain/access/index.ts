export * from "./code-window";
export * from "./code-states";
export * from "./guest-code-eligibility";
export * from "./grant-kinds";
export * from "./grant-windows";
