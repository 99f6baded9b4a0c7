import type { AddressInfo } from "node:net";
import { simpleParser, type AddressObject } from "mailparser";
import { SMTPServer } from "smtp-server";

/**
 * A real SMTP server on loopback (smtp-server) that parses what it receives with mailparser.
 * Plain connection only: STARTTLS is not offered, so clients do not try to upgrade against a
 * self-signed certificate, and AUTH is allowed without TLS on loopback.
 */
export interface SmtpPeerOptions {
  /** When set, clients must log in with these credentials before MAIL FROM. */
  auth?: { user: string; pass: string };
}

export interface ReceivedMail {
  envelopeFrom: string | null;
  envelopeTo: string[];
  from: string | undefined;
  to: string[];
  subject: string | undefined;
  text: string | undefined;
  html: string | undefined;
  messageId: string | undefined;
  /** The user the client authenticated as, if any. */
  user: string | undefined;
}

type SmtpFailure = { code: number; message: string; stage: "rcpt" | "data" };

export class SmtpPeer {
  readonly received: ReceivedMail[] = [];
  private readonly rejected = new Map<string, { code: number; message: string }>();
  private readonly failures: SmtpFailure[] = [];
  private server!: SMTPServer;
  host = "127.0.0.1";
  port = 0;

  static async start(options: SmtpPeerOptions = {}): Promise<SmtpPeer> {
    const peer = new SmtpPeer();
    peer.server = new SMTPServer({
      logger: false,
      disabledCommands: ["STARTTLS"],
      allowInsecureAuth: true,
      authOptional: !options.auth,
      onAuth(auth, _session, callback) {
        const ok = options.auth && auth.username === options.auth.user && auth.password === options.auth.pass;
        if (!ok) return callback(smtpError(535, "5.7.8 Authentication credentials invalid"));
        callback(null, { user: auth.username });
      },
      onRcptTo: (address, _session, callback) => {
        const rejection = peer.rejected.get(address.address.toLowerCase());
        if (rejection) return callback(smtpError(rejection.code, rejection.message));
        const failure = peer.takeFailure("rcpt");
        callback(failure ? smtpError(failure.code, failure.message) : null);
      },
      onData: (stream, session, callback) => {
        simpleParser(stream)
          .then((mail) => {
            const failure = peer.takeFailure("data");
            if (failure) return callback(smtpError(failure.code, failure.message));
            peer.received.push({
              envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
              envelopeTo: session.envelope.rcptTo.map((r) => r.address),
              from: mail.from?.text,
              to: addresses(mail.to),
              subject: mail.subject,
              text: mail.text,
              html: typeof mail.html === "string" ? mail.html : undefined,
              messageId: mail.messageId,
              user: typeof session.user === "string" ? session.user : undefined,
            });
            callback();
          })
          .catch((error: Error) => callback(error));
      },
    });
    await new Promise<void>((resolve) => peer.server.listen(0, "127.0.0.1", resolve));
    peer.port = (peer.server.server.address() as AddressInfo).port;
    return peer;
  }

  /**
   * RCPT TO for this address is refused permanently (default 550 5.1.1, "no such user"). The default text quotes the
   * address the way Postfix does, so a test can tell whether an adapter passes server replies on.
   */
  rejectRecipient(address: string, code = 550, message = `5.1.1 <${address}>: Recipient address rejected: User unknown in virtual mailbox table`): void {
    this.rejected.set(address.toLowerCase(), { code, message });
  }

  /** The next `n` messages fail with a temporary error (default 451 after DATA, as a busy server does). */
  failNext(n: number, code = 451, stage: "rcpt" | "data" = "data", message = "4.3.0 Temporary local problem, try again later"): void {
    for (let i = 0; i < n; i++) this.failures.push({ code, message, stage });
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private takeFailure(stage: SmtpFailure["stage"]): SmtpFailure | undefined {
    const index = this.failures.findIndex((f) => f.stage === stage);
    return index === -1 ? undefined : this.failures.splice(index, 1)[0];
  }
}

function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(field) ? field : field ? [field] : [];
  return list.flatMap((group) => group.value.flatMap((a) => (a.address ? [a.address] : [])));
}
