import WebSocket from "ws";
import type { AddressGuard } from "../../../lib/net/guarded-lookup";
import { startCallAudit, type CallContext } from "../call-audit";
import { ProviderError, type ProviderErrorKind } from "../provider-error";
import type { OnProviderCall } from "../types";

/**
 * The newest zwave-js-server schema staykey speaks (`initialize` settles on the lower of this and the server's). From
 * 48 the server offers `endpoint.access_control.*`; below it, only User Code CC through `endpoint.invoke_cc_api`.
 */
export const ZWAVE_JS_SCHEMA_VERSION = 48;
/** From 32 on the server answers a failed command with its own error code (before, as a Z-Wave error with text). */
const MIN_SCHEMA_VERSION = 32;

/** ZWaveErrorCodes the driver raises when the node did not answer: the lock is unreachable, not refusing. */
const UNREACHABLE_ZWAVE_ERRORS = new Set([200, 201, 202, 203, 204, 205, 215]);
/** SupervisionCC_CommandFailed: the lock received the command and said no. */
const SUPERVISION_FAILED = 1100;

export interface ZwaveJsClientOptions {
  /** ws://host:3000 of Z-Wave JS UI or zwave-js-server. */
  url: string;
  /** The URL is the host's own input: the socket connects only where the lock address policy allows. */
  addressGuard?: AddressGuard;
  onCall?: OnProviderCall;
  /** Per command; a User Code set under S2 takes about half a second, a sleeping lock much longer. Default 15 s. */
  commandTimeoutMs?: number;
  /** Connection attempts before a call gives up as offline, with doubling waits between them. Default 3, from 250 ms. */
  connectAttempts?: number;
  connectBackoffMs?: number;
  /** The socket closes after this long without a command (default 10 s), so short-lived adapters leave nothing open. */
  idleCloseMs?: number;
  /** Speak at most this schema (default and ceiling ZWAVE_JS_SCHEMA_VERSION): 47 keeps a lock on User Code CC calls. */
  maxSchemaVersion?: number;
}

interface ServerVersion {
  type: "version";
  driverVersion: string;
  serverVersion: string;
  homeId: number;
  minSchemaVersion: number;
  maxSchemaVersion: number;
}

interface ResultMessage {
  type: "result";
  messageId: string;
  success: boolean;
  result?: Record<string, unknown>;
  errorCode?: string;
  zwaveErrorCode?: number;
  zwaveErrorCodeName?: string;
}

interface Pending {
  action: string;
  resolve(result: Record<string, unknown>): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

/** A zwave-js-server event, as `start_listening` subscribers receive it: `{ source: "node", event: "dead", nodeId }`. */
export interface ZwaveJsEvent {
  source: string;
  event: string;
  nodeId?: number;
  [key: string]: unknown;
}

export type ZwaveJsCallContext = CallContext;

/**
 * One zwave-js-server WebSocket, spoken as Home Assistant speaks it: wait for the server's `version`, `initialize` with
 * the schema both sides know, then commands with a `messageId` each. The socket opens on the first command (retrying
 * with backoff), closes when idle, and reopens on the next command; a socket that drops fails the commands in flight
 * as `offline`, so a code waits for the lock instead of failing. Server messages are never logged: results carry PINs.
 */
export class ZwaveJsClient {
  private socket: WebSocket | undefined;
  private connecting: Promise<WebSocket> | undefined;
  private readonly pending = new Map<string, Pending>();
  private nextId = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  private readonly eventListeners = new Set<(e: ZwaveJsEvent) => void>();
  /** What the server announced on the last connect. */
  server: { serverVersion: string; driverVersion: string; schemaVersion: number } | undefined;

  constructor(private readonly opts: ZwaveJsClientOptions) {}

  /** Sends one command and resolves with its `result`; a failure is a `ProviderError` without the server's text. */
  async command<T = Record<string, unknown>>(command: string, args: Record<string, unknown>, ctx: ZwaveJsCallContext): Promise<T> {
    const audit = startCallAudit(this.opts.onCall, "zwave_js", ctx);
    try {
      const socket = await this.connect(ctx.action);
      const result = await this.send(socket, command, args, ctx.action);
      audit("ok");
      return result as T;
    } catch (e) {
      const err = e instanceof ProviderError ? e : this.error("transient", ctx.action, "unexpected client failure");
      audit(err.kind);
      throw err;
    } finally {
      this.armIdleClose();
    }
  }

  /** The schema settled with the server, connecting first if need be. */
  async schemaVersion(ctx: ZwaveJsCallContext): Promise<number> {
    try {
      await this.connect(ctx.action);
      return this.server?.schemaVersion ?? MIN_SCHEMA_VERSION;
    } finally {
      this.armIdleClose();
    }
  }

  /**
   * Subscribes to the server's events (`start_listening`) and keeps the socket open: a dropped socket is reported as a
   * `{source: "client", event: "disconnected"}` event and reopened with doubling waits (up to a minute), listening again.
   */
  listen(listener: (e: ZwaveJsEvent) => void): () => void {
    this.eventListeners.add(listener);
    this.listening = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    void this.subscribe(this.opts.connectBackoffMs ?? 250);
    return () => {
      this.eventListeners.delete(listener);
      if (this.eventListeners.size === 0) {
        this.listening = false;
        if (this.resubscribeTimer) clearTimeout(this.resubscribeTimer);
        this.close();
      }
    };
  }

  private listening = false;
  private resubscribeTimer: NodeJS.Timeout | undefined;

  private async subscribe(wait: number): Promise<void> {
    if (!this.listening) return;
    try {
      const socket = await this.connect("zwave_js.listen");
      await this.send(socket, "start_listening", {}, "zwave_js.listen");
      for (const l of this.eventListeners) l({ source: "client", event: "connected" });
    } catch {
      if (!this.listening) return;
      this.resubscribeTimer = setTimeout(() => void this.subscribe(Math.min(wait * 2, 60_000)), wait);
      this.resubscribeTimer.unref();
    }
  }

  close(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    const socket = this.socket;
    this.socket = undefined;
    socket?.close();
  }

  private armIdleClose(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    if (this.listening) return;
    this.idleTimer = setTimeout(() => {
      if (this.pending.size === 0) this.close();
    }, this.opts.idleCloseMs ?? 10_000);
    this.idleTimer.unref();
  }

  private error(kind: ProviderErrorKind, action: string, message: string, providerCode?: string): ProviderError {
    return new ProviderError({ kind, provider: "zwave_js", action, message, ...(providerCode ? { providerCode } : {}) });
  }

  private async connect(action: string): Promise<WebSocket> {
    if (this.socket && this.socket.readyState === WebSocket.OPEN) return this.socket;
    this.connecting ??= this.connectWithBackoff(action).finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async connectWithBackoff(action: string): Promise<WebSocket> {
    const attempts = Math.max(1, this.opts.connectAttempts ?? 3);
    let wait = this.opts.connectBackoffMs ?? 250;
    let last: ProviderError | undefined;
    for (let i = 0; i < attempts; i++) {
      if (i > 0) {
        await new Promise((r) => setTimeout(r, wait));
        wait *= 2;
      }
      try {
        const socket = await this.open(action);
        this.socket = socket;
        return socket;
      } catch (e) {
        last = e instanceof ProviderError ? e : this.error("offline", action, "zwave-js-server unreachable");
        // An address the policy refuses or a server we cannot speak to will not change by trying again.
        if (last.kind === "permanent") throw last;
      }
    }
    throw last ?? this.error("offline", action, "zwave-js-server unreachable");
  }

  /** Opens the socket, reads the server's version, initializes the schema. */
  private open(action: string): Promise<WebSocket> {
    const url = new URL(this.opts.url);
    const blocked = this.opts.addressGuard?.refusalForLiteral(url.hostname);
    if (blocked) return Promise.reject(this.error("permanent", action, `refused address: ${blocked.where}`));
    return new Promise<WebSocket>((resolve, reject) => {
      const socket = new WebSocket(this.opts.url, {
        handshakeTimeout: 5_000,
        perMessageDeflate: true,
        ...(this.opts.addressGuard ? { lookup: this.opts.addressGuard.lookup } : {}),
      });
      let settled = false;
      const fail = (err: ProviderError) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        socket.terminate();
        reject(err);
      };
      const timer = setTimeout(() => fail(this.error("offline", action, "zwave-js-server did not answer")), 10_000);
      timer.unref();
      socket.on("error", (e: NodeJS.ErrnoException) => {
        if (e.code === "ESTAYKEY_BLOCKED_ADDRESS") fail(this.error("permanent", action, `refused address: ${(e as Error & { where?: string }).where ?? "not allowed"}`));
        else fail(this.error("offline", action, `zwave-js-server unreachable (${e.code ?? "socket error"})`));
      });
      socket.on("close", () => {
        fail(this.error("offline", action, "zwave-js-server closed the connection"));
        this.dropped(socket);
      });
      socket.on("message", (data) => {
        let msg: { type?: string } & Record<string, unknown>;
        try {
          msg = JSON.parse(String(data)) as typeof msg;
        } catch {
          return;
        }
        if (!settled && msg.type === "version") {
          const v = msg as unknown as ServerVersion;
          const schemaVersion = Math.min(ZWAVE_JS_SCHEMA_VERSION, this.opts.maxSchemaVersion ?? ZWAVE_JS_SCHEMA_VERSION, v.maxSchemaVersion);
          if (schemaVersion < Math.max(MIN_SCHEMA_VERSION, v.minSchemaVersion)) {
            fail(this.error("permanent", action, `zwave-js-server ${v.serverVersion} speaks schema ${v.minSchemaVersion}-${v.maxSchemaVersion}, staykey needs ${MIN_SCHEMA_VERSION}-${ZWAVE_JS_SCHEMA_VERSION}`, "schema_incompatible"));
            return;
          }
          this.server = { serverVersion: v.serverVersion, driverVersion: v.driverVersion, schemaVersion };
          this.send(socket, "initialize", { schemaVersion, additionalUserAgentComponents: { staykey: "1" } }, action).then(
            () => {
              if (settled) return;
              settled = true;
              clearTimeout(timer);
              resolve(socket);
            },
            (e: unknown) => fail(e instanceof ProviderError ? e : this.error("permanent", action, "initialize refused")),
          );
          return;
        }
        if (msg.type === "result") return this.settle(msg as unknown as ResultMessage);
        if (msg.type === "event" && msg.event && typeof msg.event === "object") {
          for (const l of this.eventListeners) l(msg.event as ZwaveJsEvent);
        }
      });
    });
  }

  /** The socket is gone: whatever waited on it is offline, and the next command connects again. */
  private dropped(socket: WebSocket): void {
    if (this.socket === socket) this.socket = undefined;
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(this.error("offline", p.action, "connection to zwave-js-server lost"));
      this.pending.delete(id);
    }
    for (const l of this.eventListeners) l({ source: "client", event: "disconnected" });
    if (this.listening) {
      const wait = this.opts.connectBackoffMs ?? 250;
      this.resubscribeTimer = setTimeout(() => void this.subscribe(wait * 2), wait);
      this.resubscribeTimer.unref();
    }
  }

  private send(socket: WebSocket, command: string, args: Record<string, unknown>, action: string): Promise<Record<string, unknown>> {
    const messageId = `sk-${++this.nextId}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(messageId);
        // The server or the mesh is stuck; the command may still land, so the caller reads back before trusting it.
        reject(this.error("offline", action, `no answer to ${command} within ${this.opts.commandTimeoutMs ?? 15_000} ms`));
      }, this.opts.commandTimeoutMs ?? 15_000);
      timer.unref();
      this.pending.set(messageId, { action, resolve, reject, timer });
      socket.send(JSON.stringify({ ...args, command, messageId }), (err) => {
        if (!err) return;
        clearTimeout(timer);
        this.pending.delete(messageId);
        reject(this.error("offline", action, "could not send to zwave-js-server"));
      });
    });
  }

  private settle(msg: ResultMessage): void {
    const p = this.pending.get(msg.messageId);
    if (!p) return;
    clearTimeout(p.timer);
    this.pending.delete(msg.messageId);
    if (msg.success) return p.resolve(msg.result ?? {});
    p.reject(this.resultError(msg, p.action));
  }

  /** The server's error code and the driver's numeric one say what happened; its message text may echo arguments. */
  private resultError(msg: ResultMessage, action: string): ProviderError {
    const code = msg.errorCode ?? "unknown_error";
    if (code === "node_not_found" || code === "endpoint_not_found") return this.error("not_found", action, code.replace(/_/g, " "), code);
    if (code === "zwave_error") {
      const z = msg.zwaveErrorCode ?? 0;
      const name = msg.zwaveErrorCodeName ?? `zwave error ${z}`;
      if (z === SUPERVISION_FAILED) return this.error("permanent", action, `the lock refused the command (${name})`, "refused_by_lock");
      if (UNREACHABLE_ZWAVE_ERRORS.has(z)) return this.error("offline", action, `the lock did not answer (${name})`, `zwave_${z}`);
      return this.error("transient", action, name, `zwave_${z}`);
    }
    if (code === "schema_incompatible" || code === "unknown_command") return this.error("permanent", action, code.replace(/_/g, " "), code);
    return this.error("transient", action, code.replace(/_/g, " "), code);
  }
}
