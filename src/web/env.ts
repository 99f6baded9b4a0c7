import type { Viewer } from "../services/web/sessions";

export interface WebEnv {
  Variables: {
    viewer: Viewer;
  };
}
