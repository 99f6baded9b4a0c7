export { registerMessageActions } from "./routes";
