import type { CoreDeps } from "../../deps";
import type { ApiApp } from "../env";
import { registerProperties } from "./properties/routes";

/** Every /api/v1 resource registers itself here. */
export function registerV1(app: ApiApp, deps: CoreDeps) {
  const v1 = app.basePath("/api/v1") as unknown as ApiApp;
  registerProperties(v1, deps);
}
