/** Hello-world Hono on @hono/node-server: the framework's own ceiling on this machine. Run by bench/api/run.ts. */
import { serve } from "@hono/node-server";
import { Hono } from "hono";

const app = new Hono();
app.get("/", (c) => c.json({ hello: "world" }));
serve({ fetch: app.fetch, port: Number(process.argv[2]), hostname: "127.0.0.1" }, () => process.send?.("ready"));
