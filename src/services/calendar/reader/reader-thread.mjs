// Bootstrap of a parser thread: staykey runs its TypeScript through tsx (bin/staykey.js), and a worker thread does
// not inherit the main thread's loader hooks on Node 20, so it registers them itself before loading the parser.
import { register } from "tsx/esm/api";

register();
await import("./reader-thread.ts");
