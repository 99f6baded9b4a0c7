import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSmtpEmailSender, smtpConfigFromUrl } from "../../../src/providers/email/smtp-email";
import { DeliveryError } from "../../../src/providers/email/types";
import { SmtpPeer } from "../../peers/smtp-peer";

const credentials = { user: "staykey", pass: "s3cret-pass" };
const FROM = "Staykey <codes@staykey.example>";
const GUEST = "guest@example.net";

async function sendFailure(send: () => Promise<unknown>): Promise<DeliveryError> {
  const error = await send().then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(DeliveryError);
  // Servers quote the recipient in their replies; ours must never carry it, in the message or any field.
  expect((error as DeliveryError).message).not.toContain("example.net");
  expect(JSON.stringify(error)).not.toContain("example.net");
  return error as DeliveryError;
}

describe("SMTP email through nodemailer against a real loopback SMTP server", () => {
  let smtp: SmtpPeer;
  let sender: ReturnType<typeof createSmtpEmailSender>;

  beforeAll(async () => {
    smtp = await SmtpPeer.start({ auth: credentials });
    sender = createSmtpEmailSender({ host: smtp.host, port: smtp.port, secure: false, auth: credentials, from: FROM, timeoutMs: 5_000 });
  });
  afterAll(async () => {
    sender.close();
    await smtp.close();
  });

  it("delivers a message the server can parse: subject, text, html, recipient and a Message-ID from the idempotency key", async () => {
    const result = await sender.send({
      to: GUEST,
      subject: "Your code for Seaside Loft",
      text: "Your door code is 4821, valid from 16:00 on 30 March.",
      html: "<p>Your door code is <b>4821</b></p>",
      idempotencyKey: "msg_abc:guest_code",
    });
    const mail = smtp.received.at(-1)!;
    expect(mail).toMatchObject({
      envelopeTo: [GUEST],
      to: [GUEST],
      subject: "Your code for Seaside Loft",
      user: "staykey",
      messageId: result.providerId,
    });
    expect(mail.text?.trim()).toBe("Your door code is 4821, valid from 16:00 on 30 March.");
    expect(mail.html).toContain("<b>4821</b>");
    expect(mail.from).toContain("codes@staykey.example");
    expect(result.providerId).toMatch(/^<[0-9a-f]{32}@staykey\.example>$/);

    const again = await sender.send({ to: GUEST, subject: "s", text: "t", idempotencyKey: "msg_abc:guest_code" });
    expect(again.providerId).toBe(result.providerId);
  });

  it("reports wrong credentials as auth, and verify() says so before any message", async () => {
    const wrong = createSmtpEmailSender({ host: smtp.host, port: smtp.port, secure: false, auth: { user: "staykey", pass: "nope" }, from: FROM, timeoutMs: 5_000 });
    try {
      const error = await sendFailure(() => wrong.send({ to: GUEST, subject: "s", text: "t", idempotencyKey: "k1" }));
      expect(error).toMatchObject({ kind: "auth", provider: "smtp" });
      expect(error.retryable).toBe(false);
      await expect(wrong.verify()).rejects.toMatchObject({ kind: "auth" });
      await expect(sender.verify()).resolves.toBeUndefined();
    } finally {
      wrong.close();
    }
  });

  it("reports a rejected recipient (550 5.1.1) as invalid_recipient, a permanent failure", async () => {
    smtp.rejectRecipient("nobody@example.net");
    const before = smtp.received.length;
    const error = await sendFailure(() => sender.send({ to: "nobody@example.net", subject: "s", text: "t", idempotencyKey: "k2" }));
    expect(error).toMatchObject({ kind: "invalid_recipient", code: "550" });
    expect(error.retryable).toBe(false);
    expect(smtp.received.length).toBe(before);
  });

  it("reports a policy refusal (554) after DATA as permanent", async () => {
    smtp.failNext(1, 554, "data", "5.7.1 Message rejected as spam");
    const error = await sendFailure(() => sender.send({ to: GUEST, subject: "s", text: "t", idempotencyKey: "k3" }));
    expect(error).toMatchObject({ kind: "permanent", code: "554" });
  });

  it("reports 451 as transient, and the retry gets through", async () => {
    smtp.failNext(1, 451);
    const error = await sendFailure(() => sender.send({ to: GUEST, subject: "retry me", text: "t", idempotencyKey: "k4" }));
    expect(error).toMatchObject({ kind: "transient", code: "451" });
    expect(error.retryable).toBe(true);
    await sender.send({ to: GUEST, subject: "retry me", text: "t", idempotencyKey: "k4" });
    expect(smtp.received.at(-1)?.subject).toBe("retry me");
  });

  it("reports a greylisting 450 at RCPT TO as transient, not as a bad address", async () => {
    smtp.failNext(1, 450, "rcpt", `4.2.0 <${GUEST}>: Recipient address rejected: Greylisted, try again later`);
    const error = await sendFailure(() => sender.send({ to: GUEST, subject: "s", text: "t", idempotencyKey: "k5" }));
    expect(error).toMatchObject({ kind: "transient", code: "450" });
  });

  it("reports an unreachable server as transient", async () => {
    const gone = await SmtpPeer.start();
    const port = gone.port;
    await gone.close();
    const unreachable = createSmtpEmailSender({ host: "127.0.0.1", port, secure: false, from: FROM, timeoutMs: 2_000 });
    const error = await sendFailure(() => unreachable.send({ to: GUEST, subject: "s", text: "t", idempotencyKey: "k6" }));
    expect(error.kind).toBe("transient");
    unreachable.close();
  });
});

describe("SMTP_URL parsing", () => {
  it("reads host, port, TLS mode and percent-encoded credentials", () => {
    expect(smtpConfigFromUrl("smtps://user%40x.com:p%3Ass@mail.example.com", FROM)).toEqual({
      host: "mail.example.com", port: 465, secure: true, from: FROM, auth: { user: "user@x.com", pass: "p:ss" },
    });
    expect(smtpConfigFromUrl("smtp://mail.example.com:2525", FROM)).toEqual({ host: "mail.example.com", port: 2525, secure: false, from: FROM });
  });
});
