import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { DateTime } from "luxon";
import twilio from "twilio";
import { systemClock, type Clock } from "../../src/lib/clock";

/**
 * A loopback stand-in for Twilio's Messages API, built from Twilio's documented wire shapes:
 * form-encoded create with Basic auth, JSON resources and error bodies, and status callbacks
 * signed with X-Twilio-Signature. It signs with the twilio SDK's own function, so a verifier
 * tested against it is checked against the vendor's algorithm, not against itself.
 */
export type FinalOutcome =
  | { final: "delivered" }
  | { final: "undelivered" | "failed"; errorCode: 30003 | 30004 | 30005 | 30006 | 30007 | 30008 };

export interface TwilioEmulatorOptions {
  accountSid?: string;
  authToken?: string;
  /** auto: callbacks are posted right after the create response; manual: they wait in `pendingCallbacks()`. */
  callbacks?: "auto" | "manual";
  callbackDelayMs?: number;
  callbackOrder?: "in-order" | "reverse";
  clock?: Clock;
}

export interface EmulatedMessage {
  sid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  statusCallback: string | null;
  status: string;
  errorCode: number | null;
  dateCreated: Date;
}

export interface PreparedCallback {
  url: string;
  params: Record<string, string>;
  headers: Record<string, string>;
}

export interface CallbackDelivery {
  callback: PreparedCallback;
  /** The receiver's HTTP status; 0 when it could not be reached. */
  status: number;
}

type FailureCode = 429 | 500 | 503 | 20003 | 21211 | 21610 | 21614;

const STOP_WORDS = new Set(["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT", "REVOKE"]);
const START_WORDS = new Set(["START", "YES", "UNSTOP"]);

export class TwilioEmulator {
  readonly accountSid: string;
  readonly authToken: string;
  private readonly options: Required<Omit<TwilioEmulatorOptions, "accountSid" | "authToken">>;
  private readonly messages: EmulatedMessage[] = [];
  private readonly optedOut = new Set<string>();
  private readonly invalidNumbers = new Set<string>();
  private readonly landlines = new Set<string>();
  private readonly outcomes = new Map<string, FinalOutcome>();
  private readonly failures: Array<{ code: FailureCode; retryAfterSeconds?: number }> = [];
  private readonly pending: PreparedCallback[] = [];
  private readonly deliveries: CallbackDelivery[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private server!: Server;
  baseUrl = "";

  private constructor(options: TwilioEmulatorOptions) {
    this.accountSid = options.accountSid ?? `AC${randomBytes(16).toString("hex")}`;
    this.authToken = options.authToken ?? randomBytes(16).toString("hex");
    this.options = {
      callbacks: options.callbacks ?? "auto",
      callbackDelayMs: options.callbackDelayMs ?? 0,
      callbackOrder: options.callbackOrder ?? "in-order",
      clock: options.clock ?? systemClock,
    };
  }

  static async start(options: TwilioEmulatorOptions = {}): Promise<TwilioEmulator> {
    const emulator = new TwilioEmulator(options);
    emulator.server = createServer((req, res) => void emulator.handle(req, res));
    await new Promise<void>((resolve) => emulator.server.listen(0, "127.0.0.1", resolve));
    emulator.baseUrl = `http://127.0.0.1:${(emulator.server.address() as AddressInfo).port}`;
    return emulator;
  }

  /** The next `n` creates fail: an HTTP status (429, 500, 503) or a Twilio error code. */
  failNext(n: number, code: FailureCode, options: { retryAfterSeconds?: number } = {}): void {
    for (let i = 0; i < n; i++) this.failures.push({ code, ...options });
  }
  optOut(number: string): void {
    this.optedOut.add(number);
  }
  optIn(number: string): void {
    this.optedOut.delete(number);
  }
  invalid(number: string): void {
    this.invalidNumbers.add(number);
  }
  notMobile(number: string): void {
    this.landlines.add(number);
  }
  /** How messages to `number` end; the default is delivered. */
  outcomeFor(number: string, outcome: FinalOutcome): void {
    this.outcomes.set(number, outcome);
  }
  sent(): EmulatedMessage[] {
    return [...this.messages];
  }
  pendingCallbacks(sid?: string): PreparedCallback[] {
    return this.pending.filter((cb) => !sid || cb.params.MessageSid === sid);
  }
  /** Removes callbacks from the manual queue so the test can post them in any order, or twice. */
  takeCallbacks(sid?: string): PreparedCallback[] {
    const taken = this.pendingCallbacks(sid);
    for (const cb of taken) this.pending.splice(this.pending.indexOf(cb), 1);
    return taken;
  }
  callbackLog(): CallbackDelivery[] {
    return [...this.deliveries];
  }
  /** Waits until every auto callback has been posted. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  /** Posts a callback exactly as prepared: same signature and idempotency token, so posting twice is a replay. */
  async deliverCallback(callback: PreparedCallback): Promise<number> {
    let status = 0;
    try {
      const res = await fetch(callback.url, { method: "POST", headers: callback.headers, body: new URLSearchParams(callback.params) });
      await res.arrayBuffer();
      status = res.status;
    } catch {
      status = 0;
    }
    this.deliveries.push({ callback, status });
    const message = this.messages.find((m) => m.sid === callback.params.MessageSid);
    if (message && callback.params.MessageStatus) {
      message.status = callback.params.MessageStatus;
      if (callback.params.ErrorCode) message.errorCode = Number(callback.params.ErrorCode);
    }
    return status;
  }

  /** An incoming SMS as Twilio posts it to a number's messaging webhook; STOP/START also update opt-out here. */
  async sendInbound(webhookUrl: string, message: { From: string; To: string; Body: string }): Promise<{ status: number; params: Record<string, string> }> {
    const sid = `SM${randomBytes(16).toString("hex")}`;
    const keyword = message.Body.trim().toUpperCase();
    const params: Record<string, string> = {
      ToCountry: "US", ToState: "", SmsMessageSid: sid, NumMedia: "0", ToCity: "", FromZip: "", SmsSid: sid,
      FromState: "", SmsStatus: "received", FromCity: "", Body: message.Body, FromCountry: "US", To: message.To,
      ToZip: "", NumSegments: "1", MessageSid: sid, AccountSid: this.accountSid, From: message.From, ApiVersion: "2010-04-01",
    };
    if (STOP_WORDS.has(keyword)) {
      params.OptOutType = "STOP";
      this.optedOut.add(message.From);
    } else if (START_WORDS.has(keyword)) {
      params.OptOutType = "START";
      this.optedOut.delete(message.From);
    }
    const status = await this.deliverCallback({ url: webhookUrl, params, headers: this.signedHeaders(webhookUrl, params) });
    return { status, params };
  }

  async close(): Promise<void> {
    await this.idle();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? "/", this.baseUrl);
    const create = url.pathname.match(/^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/);
    const fetchOne = url.pathname.match(/^\/2010-04-01\/Accounts\/([^/]+)\/Messages\/(SM[0-9a-f]{32})\.json$/);
    const accountInPath = create?.[1] ?? fetchOne?.[1];
    if (!accountInPath) return this.error(res, 404, 20404, "The requested resource was not found");
    if (!this.authorized(req, accountInPath)) return this.error(res, 401, 20003, "Authenticate");

    if (fetchOne && req.method === "GET") {
      const message = this.messages.find((m) => m.sid === fetchOne[2]);
      return message ? this.json(res, 200, this.resource(message)) : this.error(res, 404, 20404, "The requested resource was not found");
    }
    if (!create || req.method !== "POST") return this.error(res, 405, 20004, "Method not allowed");
    this.createMessage(new URLSearchParams(Buffer.concat(chunks).toString("utf8")), res);
  }

  private createMessage(form: URLSearchParams, res: ServerResponse): void {
    const to = form.get("To") ?? "";
    const body = form.get("Body") ?? "";
    const from = form.get("From");
    const messagingServiceSid = form.get("MessagingServiceSid");
    const failure = this.failures.shift();
    if (failure) return this.fail(res, failure.code, to, failure.retryAfterSeconds);
    if (!from && !messagingServiceSid) return this.error(res, 400, 21603, "A 'From' phone number is required.");
    if (!body) return this.error(res, 400, 21602, "Message body is required.");
    if (!/^\+[1-9]\d{6,14}$/.test(to) || this.invalidNumbers.has(to)) return this.fail(res, 21211, to);
    if (this.landlines.has(to)) return this.fail(res, 21614, to);
    if (this.optedOut.has(to)) return this.fail(res, 21610, to);

    const message: EmulatedMessage = {
      sid: `SM${randomBytes(16).toString("hex")}`,
      to, from, messagingServiceSid, body,
      statusCallback: form.get("StatusCallback"),
      // Twilio answers "accepted" when a Messaging Service picks the sender later.
      status: from ? "queued" : "accepted",
      errorCode: null,
      dateCreated: this.options.clock.now(),
    };
    this.messages.push(message);
    this.json(res, 201, this.resource(message));
    if (message.statusCallback) this.scheduleCallbacks(message);
  }

  private scheduleCallbacks(message: EmulatedMessage): void {
    const outcome = this.outcomes.get(message.to) ?? { final: "delivered" };
    const steps: Array<[string, number | undefined]> =
      outcome.final === "delivered" ? [["queued", undefined], ["sent", undefined], ["delivered", undefined]]
      : outcome.final === "undelivered" ? [["queued", undefined], ["sent", undefined], ["undelivered", outcome.errorCode]]
      : [["queued", undefined], ["failed", outcome.errorCode]];
    const callbacks = steps.map(([status, errorCode]) => this.prepareCallback(message, status, errorCode));
    if (this.options.callbackOrder === "reverse") callbacks.reverse();
    if (this.options.callbacks === "manual") {
      this.pending.push(...callbacks);
      return;
    }
    const run = (async () => {
      for (const callback of callbacks) {
        if (this.options.callbackDelayMs > 0) await new Promise((r) => setTimeout(r, this.options.callbackDelayMs));
        await this.deliverCallback(callback);
      }
    })();
    this.inFlight.add(run);
    void run.finally(() => this.inFlight.delete(run));
  }

  private prepareCallback(message: EmulatedMessage, status: string, errorCode: number | undefined): PreparedCallback {
    const params: Record<string, string> = {
      AccountSid: this.accountSid, ApiVersion: "2010-04-01", From: message.from ?? "+15005550006",
      MessageSid: message.sid, MessageStatus: status, SmsSid: message.sid, SmsStatus: status, To: message.to,
    };
    if (message.messagingServiceSid) params.MessagingServiceSid = message.messagingServiceSid;
    if (errorCode !== undefined) params.ErrorCode = String(errorCode);
    const url = message.statusCallback!;
    return { url, params, headers: this.signedHeaders(url, params) };
  }

  private signedHeaders(url: string, params: Record<string, string>): Record<string, string> {
    return {
      "Content-Type": "application/x-www-form-urlencoded",
      "User-Agent": "TwilioProxy/1.1",
      "X-Twilio-Signature": twilio.getExpectedTwilioSignature(this.authToken, url, params),
      "I-Twilio-Idempotency-Token": randomBytes(16).toString("hex"),
    };
  }

  private authorized(req: IncomingMessage, accountInPath: string): boolean {
    const match = (req.headers.authorization ?? "").match(/^Basic (.+)$/);
    if (!match?.[1]) return false;
    const [user, ...rest] = Buffer.from(match[1], "base64").toString("utf8").split(":");
    return user === this.accountSid && accountInPath === this.accountSid && rest.join(":") === this.authToken;
  }

  // Twilio's 21211 text quotes the number, which is exactly what adapters must not pass on.
  private fail(res: ServerResponse, code: FailureCode, to: string, retryAfterSeconds?: number): void {
    if (code === 429) {
      if (retryAfterSeconds !== undefined) res.setHeader("Retry-After", String(retryAfterSeconds));
      return this.error(res, 429, 20429, "Too Many Requests");
    }
    if (code === 500) return this.error(res, 500, 20500, "An internal server error has occurred");
    if (code === 503) return this.error(res, 503, 20503, "Service unavailable");
    if (code === 20003) return this.error(res, 401, 20003, "Authenticate");
    if (code === 21211) return this.error(res, 400, 21211, `The 'To' number ${to} is not a valid phone number.`);
    if (code === 21614) return this.error(res, 400, 21614, "'To' number is not a valid mobile number");
    return this.error(res, 400, 21610, "Attempt to send to unsubscribed recipient");
  }

  private error(res: ServerResponse, status: number, code: number, message: string): void {
    this.json(res, status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
  }

  private json(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { "Content-Type": "application/json; charset=utf-8" });
    res.end(JSON.stringify(body));
  }

  private resource(m: EmulatedMessage): Record<string, unknown> {
    const date = DateTime.fromJSDate(m.dateCreated, { zone: "utc" }).toRFC2822();
    const uri = `/2010-04-01/Accounts/${this.accountSid}/Messages/${m.sid}.json`;
    return {
      account_sid: this.accountSid, api_version: "2010-04-01", body: m.body, date_created: date, date_sent: null,
      date_updated: date, direction: "outbound-api", error_code: m.errorCode, error_message: null, from: m.from,
      messaging_service_sid: m.messagingServiceSid, num_media: "0", num_segments: "1", price: null, price_unit: "USD",
      sid: m.sid, status: m.status, subresource_uris: { media: uri.replace(".json", "/Media.json") }, to: m.to, uri,
    };
  }
}
