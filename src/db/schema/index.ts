export * from "./accounts";
export * from "./properties";
export * from "./calendar";
export * from "./access";
export * from "./jobs";
export * from "./grants";
export * from "./door";
export * from "./guests";
