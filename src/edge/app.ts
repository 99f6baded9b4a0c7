import { Hono } from "hono";
import { EdgeConfigError, readEdgeConfig } from "./env";
import type { EdgeEnv } from "./hono-env";
import { seamIngress } from "./ingress/seam";
import { twilioIngress } from "./ingress/twilio";
import { ackRelayEvents } from "./relay/ack";
import { relayAuth } from "./relay/auth";
import { pullEvents } from "./relay/pull";

/** The relay's HTTP surface: provider webhooks in, home's pulls and acks out. Nothing else is served. */
export function createEdgeApp(): Hono<EdgeEnv> {
  const app = new Hono<EdgeEnv>();
  app.use("*", async (c, next) => {
    c.set("config", readEdgeConfig(c.env));
    return next();
  });
  app.onError((err, c) => {
    if (err instanceof EdgeConfigError) {
      console.error(JSON.stringify({ msg: err.message }));
      return c.json({ error: "relay_misconfigured" }, 500);
    }
    console.error(JSON.stringify({ msg: "unhandled error", name: err.name, message: err.message }));
    return c.json({ error: "internal_error" }, 500);
  });
  app.notFound((c) => c.json({ error: "not_found" }, 404));

  app.get("/healthz", (c) => c.json({ ok: true }));
  app.post("/webhooks/twilio/status", twilioIngress("twilio-status"));
  app.post("/webhooks/twilio/inbound", twilioIngress("twilio-inbound"));
  app.post("/webhooks/seam", seamIngress);

  app.use("/relay/*", relayAuth());
  app.get("/relay/events", pullEvents);
  app.post("/relay/ack", ackRelayEvents);
  return app;
}
