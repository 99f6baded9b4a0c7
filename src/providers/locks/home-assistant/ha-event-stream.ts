import WebSocket from "ws";
import { backoffDelay } from "../../../lib/backoff";
import type { AddressGuard } from "../../../lib/net/guarded-lookup";
import { realTimers, type Timers } from "../../../lib/timers";
import { ProviderError } from "../provider-error";
import { haWebSocketUrl } from "./ha-websocket";

/** One event from HA's bus, as a `subscribe_events` subscriber receives it. */
export interface HaBusEvent {
  event_type: string;
  data: Record<string, unknown>;
  time_fired?: string;
  /** HA gives every event a context whose `id` (a ULID) is unique to that firing. */
  context?: { id?: string };
}

export type HaStreamStatus =
  | { state: "subscribed" }
  /** The socket is gone (or never opened); the next attempt is in `retryInMs`. */
  | { state: "disconnected"; reason: string; failures: number; retryInMs: number }
  /** HA refused the token: retried only at the longest backoff (HA bans an address after repeated failed logins). */
  | { state: "auth_invalid"; retryInMs: number };

export interface HaEventStreamOptions {
  /** e.g. http://homeassistant.local:8123 (the stream connects to ws(s)://…/api/websocket). */
  baseUrl: string;
  /** A long-lived access token. Never logged, never echoed. */
  token: string;
  eventType: string;
  /** The base URL is the host's own input: the socket connects only where the lock address policy allows. */
  addressGuard?: AddressGuard;
  /** Reconnect waits: doubling from `initialMs` up to `maxMs`, each between half and all of that. Default 1 s to 5 min. */
  backoff?: { initialMs?: number; maxMs?: number };
  random?: () => number;
  timers?: Timers;
  /** A subscribed socket is pinged this often (default 30 s) and cut when the pong takes longer than the same again. */
  heartbeatMs?: number;
  /** Per command, and for the whole auth + subscribe handshake. Default 15 s. */
  commandTimeoutMs?: number;
  onEvent(event: HaBusEvent): void;
  onStatus?(status: HaStreamStatus): void;
}

interface Pending {
  resolve(result: unknown): void;
  reject(err: Error): void;
  timer: unknown;
}

const MAX_FRAME_BYTES = 1024 * 1024;

/**
 * One subscription to Home Assistant's event bus over its WebSocket API, kept open for as long as it runs: the auth
 * handshake (`auth_required` → `auth` → `auth_ok`), `subscribe_events` for one event type, then `event` frames. A
 * dropped, silent (no pong) or refused socket reconnects with capped, jittered exponential backoff and subscribes
 * again. HA does not replay what it fired while nobody listened, and a new subscription starts from now, so a
 * reconnect can lose events that happened during the gap but never repeats one already delivered. Frames are never
 * logged (events name code slots; results may carry anything).
 */
export class HomeAssistantEventStream {
  private socket: WebSocket | undefined;
  private running = false;
  private failures = 0;
  private nextId = 0;
  private subscriptionId: number | undefined;
  private authed = false;
  private readonly pending = new Map<number, Pending>();
  private retryTimer: unknown;
  private heartbeatTimer: unknown;
  private pongTimer: unknown;
  private handshakeTimer: unknown;
  private readonly timers: Timers;

  constructor(private readonly opts: HaEventStreamOptions) {
    this.timers = opts.timers ?? realTimers;
  }

  get subscribed(): boolean {
    return this.subscriptionId !== undefined;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.connect();
  }

  stop(): void {
    this.running = false;
    this.timers.clear(this.retryTimer);
    this.drop(this.socket, "stopped");
  }

  /** A command on the subscribed socket (e.g. `config/entity_registry/get`); offline while there is none. */
  command<T>(type: string, fields: Record<string, unknown> = {}): Promise<T> {
    const socket = this.socket;
    if (!socket || !this.authed || socket.readyState !== WebSocket.OPEN) return Promise.reject(this.offline(type, "not connected to Home Assistant"));
    const id = ++this.nextId;
    return new Promise<T>((resolve, reject) => {
      const timer = this.timers.set(() => {
        this.pending.delete(id);
        reject(this.offline(type, `no answer to ${type}`));
      }, this.opts.commandTimeoutMs ?? 15_000);
      this.pending.set(id, { resolve: resolve as (r: unknown) => void, reject, timer });
      socket.send(JSON.stringify({ ...fields, id, type }));
    });
  }

  private offline(action: string, message: string): ProviderError {
    return new ProviderError({ kind: "offline", provider: "home_assistant", action, message });
  }

  private connect(): void {
    if (!this.running) return;
    const url = haWebSocketUrl(this.opts.baseUrl);
    const blocked = this.opts.addressGuard?.refusalForLiteral(new URL(url).hostname);
    if (blocked) return this.retry(`refused address: ${blocked.where}`);
    const socket = new WebSocket(url, {
      handshakeTimeout: this.opts.commandTimeoutMs ?? 15_000,
      maxPayload: MAX_FRAME_BYTES,
      ...(this.opts.addressGuard ? { lookup: this.opts.addressGuard.lookup } : {}),
    });
    this.socket = socket;
    this.authed = false;
    this.subscriptionId = undefined;
    let reason = "connection closed";
    let authRefused = false;
    this.handshakeTimer = this.timers.set(() => {
      reason = "no auth or subscription within the timeout";
      socket.terminate();
    }, this.opts.commandTimeoutMs ?? 15_000);

    socket.on("error", (e: NodeJS.ErrnoException) => {
      reason = e.code === "ESTAYKEY_BLOCKED_ADDRESS" ? "refused address" : `unreachable (${e.code ?? "socket error"})`;
    });
    socket.on("close", () => {
      if (this.socket !== socket) return;
      this.drop(socket, reason);
      this.retry(reason, authRefused);
    });
    socket.on("message", (raw) => {
      let msg: { type?: unknown; id?: unknown } & Record<string, unknown>;
      try {
        msg = JSON.parse(String(raw)) as typeof msg;
      } catch {
        return;
      }
      if (msg.type === "auth_required") return void socket.send(JSON.stringify({ type: "auth", access_token: this.opts.token }));
      if (msg.type === "auth_invalid") {
        authRefused = true;
        reason = "Home Assistant refused the access token";
        return void socket.close();
      }
      if (msg.type === "auth_ok") {
        this.authed = true;
        this.subscriptionId = undefined;
        const id = ++this.nextId;
        this.pending.set(id, {
          resolve: () => this.subscribedAs(socket, id),
          reject: () => {
            reason = "subscribe_events refused";
            socket.close();
          },
          timer: undefined,
        });
        return void socket.send(JSON.stringify({ id, type: "subscribe_events", event_type: this.opts.eventType }));
      }
      if (msg.type === "event" && msg.id === this.subscriptionId && msg.event && typeof msg.event === "object") {
        return this.opts.onEvent(msg.event as HaBusEvent);
      }
      if ((msg.type === "result" || msg.type === "pong") && typeof msg.id === "number") this.settle(msg.id, msg);
    });
  }

  private subscribedAs(socket: WebSocket, id: number): void {
    if (this.socket !== socket) return;
    this.timers.clear(this.handshakeTimer);
    this.subscriptionId = id;
    this.failures = 0;
    this.opts.onStatus?.({ state: "subscribed" });
    this.armHeartbeat(socket);
  }

  private armHeartbeat(socket: WebSocket): void {
    const every = this.opts.heartbeatMs ?? 30_000;
    this.heartbeatTimer = this.timers.set(() => {
      if (this.socket !== socket) return;
      // A socket that stopped carrying anything (a NAT that forgot it, HA frozen) is only noticed by asking.
      this.pongTimer = this.timers.set(() => socket.terminate(), every);
      this.command("ping").then(
        () => {
          this.timers.clear(this.pongTimer);
          this.armHeartbeat(socket);
        },
        () => undefined,
      );
    }, every);
  }

  private settle(id: number, msg: Record<string, unknown>): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    this.timers.clear(p.timer);
    if (msg.type === "pong" || msg.success === true) return p.resolve(msg.result ?? null);
    const code = (msg.error as { code?: unknown } | undefined)?.code;
    // HA's error message may echo the command's arguments: only its code travels.
    p.reject(new ProviderError({ kind: code === "not_found" ? "not_found" : "permanent", provider: "home_assistant", action: "websocket.command", message: `refused (${String(code ?? "unknown")})`, ...(typeof code === "string" ? { providerCode: code } : {}) }));
  }

  /** Forgets the socket and fails whatever waited on it. */
  private drop(socket: WebSocket | undefined, reason: string): void {
    for (const t of [this.handshakeTimer, this.heartbeatTimer, this.pongTimer]) this.timers.clear(t);
    for (const [id, p] of this.pending) {
      this.timers.clear(p.timer);
      p.reject(this.offline("websocket.command", `connection to Home Assistant lost (${reason})`));
      this.pending.delete(id);
    }
    if (this.socket === socket) {
      this.socket = undefined;
      this.authed = false;
      this.subscriptionId = undefined;
    }
    socket?.removeAllListeners("message");
    if (socket && socket.readyState !== WebSocket.CLOSED) socket.terminate();
  }

  private retry(reason: string, authRefused = false): void {
    if (!this.running) return;
    const { initialMs = 1_000, maxMs = 5 * 60_000 } = this.opts.backoff ?? {};
    this.failures = authRefused ? this.failures : this.failures + 1;
    const retryInMs = authRefused ? maxMs : backoffDelay(this.failures, initialMs, maxMs, this.opts.random);
    this.opts.onStatus?.(authRefused ? { state: "auth_invalid", retryInMs } : { state: "disconnected", reason, failures: this.failures, retryInMs });
    this.timers.clear(this.retryTimer);
    this.retryTimer = this.timers.set(() => this.connect(), retryInMs);
  }
}
