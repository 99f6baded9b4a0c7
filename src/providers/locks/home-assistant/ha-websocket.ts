import WebSocket from "ws";
import type { AddressGuard } from "../../../lib/net/guarded-lookup";
import { startCallAudit, type CallContext } from "../call-audit";
import { ProviderError, type ProviderErrorKind } from "../provider-error";
import type { OnProviderCall } from "../types";

export interface HaWebSocketOptions {
  /** The same base URL as the REST API (http → ws, https → wss; the socket is `/api/websocket`). */
  baseUrl: string;
  token: string;
  addressGuard?: AddressGuard;
  onCall?: OnProviderCall;
  /** For the whole session (connect, auth, every answer). Default 15 s. */
  timeoutMs?: number;
}

export interface HaWsCommand {
  type: string;
  [field: string]: unknown;
}

interface HaWsMessage {
  type?: string;
  id?: number;
  success?: boolean;
  result?: unknown;
  error?: { code?: string };
}

export function haWebSocketUrl(baseUrl: string): string {
  const url = new URL(baseUrl.replace(/\/+$/, "") + "/api/websocket");
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return url.toString();
}

/**
 * One short session on Home Assistant's WebSocket API, as its docs describe it (developers.home-assistant.io/docs/api/websocket):
 * the server says `auth_required`, the client answers `{type: "auth", access_token}`, the server `auth_ok` (or
 * `auth_invalid` and closes); then each command carries an integer `id` that its `result` repeats. Used for what the
 * REST API does not offer (the entity and device registries). Answers are never logged: HA's error texts may echo input.
 */
export async function haWebSocketSession(opts: HaWebSocketOptions, commands: HaWsCommand[], ctx: CallContext): Promise<unknown[]> {
  const audit = startCallAudit(opts.onCall, "home_assistant", ctx);
  const fail = (kind: ProviderErrorKind, message: string, providerCode?: string) => {
    audit(kind);
    return new ProviderError({ kind, provider: "home_assistant", action: ctx.action, message, ...(providerCode ? { providerCode } : {}) });
  };
  const url = haWebSocketUrl(opts.baseUrl);
  const blocked = opts.addressGuard?.refusalForLiteral(new URL(url).hostname);
  if (blocked) throw fail("permanent", `refused address: ${blocked.where}`);
  return new Promise<unknown[]>((resolve, reject) => {
    const socket = new WebSocket(url, { handshakeTimeout: 5_000, ...(opts.addressGuard ? { lookup: opts.addressGuard.lookup } : {}) });
    const results = new Map<number, unknown>();
    let settled = false;
    const finish = (err: ProviderError | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.terminate();
      if (err) return reject(err);
      audit("ok");
      resolve(commands.map((_, i) => results.get(i + 1)));
    };
    const timer = setTimeout(() => finish(fail("transient", "Home Assistant's WebSocket API did not answer in time")), opts.timeoutMs ?? 15_000);
    timer.unref();
    socket.on("error", (e: NodeJS.ErrnoException & { where?: string }) =>
      finish(e.code === "ESTAYKEY_BLOCKED_ADDRESS" ? fail("permanent", `refused address: ${e.where ?? "not allowed"}`) : fail("transient", `Home Assistant's WebSocket API unreachable (${e.code ?? "socket error"})`)),
    );
    socket.on("unexpected-response", (_req, res) => finish(fail(res.statusCode === 404 ? "permanent" : "transient", `Home Assistant's WebSocket API answered HTTP ${res.statusCode ?? 0}`)));
    socket.on("close", () => finish(fail("transient", "Home Assistant closed the WebSocket")));
    socket.on("message", (data) => {
      let msg: HaWsMessage;
      try {
        msg = JSON.parse(String(data)) as HaWsMessage;
      } catch {
        return;
      }
      if (msg.type === "auth_required") return void socket.send(JSON.stringify({ type: "auth", access_token: opts.token }));
      if (msg.type === "auth_invalid") return finish(fail("permanent", "Home Assistant refused the access token", "auth_invalid"));
      if (msg.type === "auth_ok") {
        commands.forEach((c, i) => socket.send(JSON.stringify({ ...c, id: i + 1 })));
        return;
      }
      if (msg.type !== "result" || typeof msg.id !== "number") return;
      if (!msg.success) {
        const code = msg.error?.code ?? "unknown_error";
        return finish(fail(code === "unauthorized" || code === "unknown_command" ? "permanent" : "transient", `Home Assistant refused ${commands[msg.id - 1]?.type ?? "a command"} (${code})`, code));
      }
      results.set(msg.id, msg.result);
      if (results.size === commands.length) finish(null);
    });
  });
}
