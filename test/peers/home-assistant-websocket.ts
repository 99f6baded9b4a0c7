import type { Server } from "node:http";
import { WebSocketServer, type WebSocket } from "ws";

/** One command after authentication, as HA's WebSocket API receives it. */
export interface HaWsCommandMessage {
  id: number;
  type: string;
  [field: string]: unknown;
}

/** The authenticated socket a command came on: subscriptions live and die with it. */
export interface HaWsConnection {
  readonly id: number;
  onClose(fn: () => void): void;
}

export interface HaWsReply {
  connection: HaWsConnection;
  result(value: unknown): void;
  error(code: string, message: string): void;
  /** Any further message for this connection (an event of a subscription). */
  send(message: Record<string, unknown>): void;
}

export type HaWsHandler = (msg: HaWsCommandMessage, reply: HaWsReply) => void;

export const EMULATED_HA_VERSION = "2026.11.2";

/**
 * Home Assistant's WebSocket API at `/api/websocket` on the emulator's HTTP server, in the protocol HA documents
 * (developers.home-assistant.io/docs/api/websocket): `auth_required` on connect; `{type: "auth", access_token}`
 * answered `auth_ok`, or `auth_invalid` and the socket closed; then commands with an increasing integer `id`, each
 * answered `{id, type: "result", success, result | error}` (`unknown_command`, `id_reuse` as HA names them). What a
 * command does is the caller's `handlers`, so each capability adds its own (registries, subscriptions) beside the rest.
 */
export function attachHomeAssistantWebSocket(server: Server, opts: { token: string; handlers: Record<string, HaWsHandler> }) {
  const wss = new WebSocketServer({ noServer: true });
  const commands: string[] = [];
  let accepted = 0;
  let refusing = false;
  server.on("upgrade", (req, socket, head) => {
    if (new URL(req.url ?? "/", "http://ha.local").pathname !== "/api/websocket") return void socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => {
      accepted++;
      if (refusing) return void ws.terminate();
      serve(ws);
    });
  });

  function serve(ws: WebSocket) {
    const send = (m: Record<string, unknown>) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(m));
    };
    const closers: Array<() => void> = [];
    const connection: HaWsConnection = { id: accepted, onClose: (fn) => void closers.push(fn) };
    ws.on("close", () => closers.splice(0).forEach((fn) => fn()));
    let authed = false;
    let lastId = 0;
    send({ type: "auth_required", ha_version: EMULATED_HA_VERSION });
    ws.on("message", (data) => {
      let msg: Record<string, unknown>;
      try {
        msg = JSON.parse(String(data)) as Record<string, unknown>;
      } catch {
        return void ws.close(1003);
      }
      if (!authed) {
        if (msg.type === "auth" && msg.access_token === opts.token) {
          authed = true;
          return send({ type: "auth_ok", ha_version: EMULATED_HA_VERSION });
        }
        send({ type: "auth_invalid", message: "Invalid access token or password" });
        return void ws.close();
      }
      const id = Number(msg.id);
      const type = String(msg.type);
      commands.push(type);
      const reply: HaWsReply = {
        connection,
        result: (value) => send({ id, type: "result", success: true, result: value }),
        error: (code, message) => send({ id, type: "result", success: false, error: { code, message } }),
        send,
      };
      if (!Number.isInteger(id) || id <= lastId) return reply.error("id_reuse", "Identifier values have to increase.");
      lastId = id;
      const handler = opts.handlers[type];
      if (!handler) return reply.error("unknown_command", "Unknown command.");
      handler({ ...msg, id, type }, reply);
    });
  }

  return {
    /** Command types received after authentication, in order. */
    commands,
    /** Sockets open now. */
    get sockets() {
      return wss.clients.size;
    },
    /** Every socket ever accepted, for tests that count reconnects. */
    get accepted() {
      return accepted;
    },
    /** Cuts every socket without a close frame, as a restarting Home Assistant or a dropped network does. */
    dropAll: () => {
      for (const ws of wss.clients) ws.terminate();
    },
    /** While true, new sockets are cut at once (Home Assistant still restarting). */
    refuse: (value: boolean) => {
      refusing = value;
    },
    close: () => {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
  };
}
