import { createEdgeApp } from "./app";
import type { EdgeBindings } from "./env";
import { runCron } from "./watchdog/cron";

const app = createEdgeApp();

// Workers find their handlers on the module's default export; this is the one default export in the project.
export default {
  fetch: app.fetch,
  scheduled(controller: ScheduledController, env: EdgeBindings, ctx: ExecutionContext): void {
    ctx.waitUntil(runCron(env, controller.scheduledTime));
  },
} satisfies ExportedHandler<EdgeBindings>;
