export { registerIcalFeed } from "./cleaner-feed";
export { registerIcalTokenRoutes } from "./token-routes";
