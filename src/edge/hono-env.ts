import type { EdgeBindings, EdgeConfig } from "./env";

export interface EdgeEnv {
  Bindings: EdgeBindings;
  Variables: { config: EdgeConfig };
}
