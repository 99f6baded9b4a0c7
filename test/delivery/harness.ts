import { serve, type ServerType } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { createApp } from "../../src/app";
import { accessCodes, contacts, locks, messages, properties, propertyCleaners, stays, turnovers } from "../../src/db/schema";
import { jobDefinitions, type JobName } from "../../src/jobs/definitions";
import { EmbeddedJobQueue } from "../../src/jobs/embedded/embedded-queue";
import { JobStore } from "../../src/jobs/embedded/job-store";
import { processJob, silentLogger as silentJobLogger } from "../../src/jobs/processor";
import type { JobHandler } from "../../src/jobs/port";
import { newId } from "../../src/lib/ids";
import type { ApiApp } from "../../src/routes/env";
import { registerIcalFeed, registerIcalTokenRoutes } from "../../src/routes/ical";
import { registerMessageActions } from "../../src/routes/v1/messages-actions";
import { registerWebhooks } from "../../src/routes/webhooks";
import { createApiKey } from "../../src/services/accounts/api-keys";
import { createAccount } from "../../src/services/accounts/create-account";
import { openRecipient, sealContactDetails, sealGuestContact, type ContactDetails, type GuestContact } from "../../src/services/contact-details/contact-details";
import { deliveryProcessors } from "../../src/services/delivery";
import type { DeliveryDeps } from "../../src/services/delivery/delivery-deps";
import { messageBodyAssociatedData } from "../../src/services/delivery/message-rows";
import { createSmtpEmailSender, type SmtpEmailSender } from "../../src/providers/email/smtp-email";
import { createTwilioSmsSender } from "../../src/providers/sms/twilio-sms";
import { testDeps } from "../support/test-deps";
import type { SmtpPeer } from "../peers/smtp-peer";
import type { TwilioEmulator } from "../peers/twilio-emulator";

export const SENDER = "+15005550006";

export interface HarnessOptions {
  now: string;
  twilio?: TwilioEmulator;
  smtp?: SmtpPeer;
  /** false: run without STAYKEY_PUBLIC_URL (webhooks must refuse). */
  publicUrl?: boolean;
}

/**
 * The whole delivery path on loopback: in-memory SQLite, the embedded job store, the real twilio SDK pointed at the
 * emulator, nodemailer pointed at the SMTP peer, and the app served over HTTP so the emulator's signed callbacks
 * reach the real webhook routes.
 */
export async function deliveryHarness(opts: HarnessOptions) {
  let handle: (req: Request) => Response | Promise<Response> = () => new Response("starting", { status: 503 });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: (req) => handle(req), port: 0, hostname: "127.0.0.1" }, () => resolve(s));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const env: Record<string, string> = {};
  if (opts.publicUrl !== false) env.STAYKEY_PUBLIC_URL = baseUrl;
  if (opts.twilio) env.TWILIO_AUTH_TOKEN = opts.twilio.authToken;
  const core = testDeps({ now: opts.now, env });
  const jobs = new EmbeddedJobQueue({ db: core.db, clock: core.clock });
  let email: SmtpEmailSender | null = null;
  if (opts.smtp) email = createSmtpEmailSender({ host: opts.smtp.host, port: opts.smtp.port, secure: false, from: "Staykey <codes@staykey.test>", timeoutMs: 5_000 });
  const sms = opts.twilio
    ? createTwilioSmsSender({ accountSid: opts.twilio.accountSid, authToken: opts.twilio.authToken, from: SENDER, apiBaseUrl: opts.twilio.baseUrl, timeoutMs: 5_000 })
    : null;
  const deps: DeliveryDeps & typeof core = { ...core, jobs, messaging: { sms, email } };

  const app = createApp(deps);
  registerWebhooks(app, deps);
  registerIcalFeed(app, deps);
  const v1 = app.basePath("/api/v1") as unknown as ApiApp;
  registerMessageActions(v1, deps);
  registerIcalTokenRoutes(v1, deps);
  handle = (req) => app.fetch(req);

  const { accountId, userId } = await createAccount(core, { name: "Host", ownerEmail: `host-${newId("user")}@example.com` });
  const { key } = createApiKey(core.db, core.clock, { accountId, userId, name: "test" });
  const processors = deliveryProcessors(deps);
  const store = new JobStore(core.db.$client);

  return {
    deps, app, baseUrl, accountId,
    api: async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
      const res = await app.request(path, { method, headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...headers }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
      const text = await res.text();
      return { status: res.status, body: text ? (JSON.parse(text) as any) : null };
    },
    /**
     * Runs every due `messages` job once through the real job store (claim → base processor → complete/retry/fail),
     * like one pass of the embedded runner, with the harness clock. Returns the errors jobs threw.
     */
    async runDueJobs(): Promise<Error[]> {
      const errors: Error[] = [];
      const now = core.clock.now().getTime();
      for (const job of store.claim("messages", 100, "test", now, 60_000)) {
        const def = jobDefinitions[job.name as JobName];
        const handler = processors[job.name as keyof typeof processors] as JobHandler<never>;
        try {
          await processJob(def, handler, JSON.parse(job.payload), { jobId: job.id, attempt: job.attempts, signal: new AbortController().signal }, silentJobLogger);
          store.complete(job.id, "test", now);
        } catch (err) {
          errors.push(err as Error);
          const permanent = (err as { permanent?: boolean }).permanent === true;
          if (permanent || job.attempts >= job.max_attempts) store.fail(job.id, "test", (err as Error).message, now);
          else store.retry(job.id, "test", now + job.backoff_ms * 2 ** (job.attempts - 1), (err as Error).message, now);
        }
      }
      return errors;
    },
    messageRows: () => core.db.select().from(messages).all().map((m) => ({ ...m, recipient: openRecipient(core.box, m) })),
    bodyOf: (row: { id: string; bodyEnc: string }) => core.box.decrypt(row.bodyEnc, messageBodyAssociatedData(row.id)),
    jobsFor: (messageId: string) => core.db.$client.prepare(`SELECT id, state, run_at AS runAt FROM jobs WHERE json_extract(payload, '$.messageId') = ?`).all(messageId) as { id: string; state: string; runAt: number }[],
    async close() {
      email?.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    seed: seeder(deps, accountId),
  };
}

export type Harness = Awaited<ReturnType<typeof deliveryHarness>>;

function seeder(deps: DeliveryDeps, accountId: string) {
  const { db, box, clock } = deps;
  const now = () => clock.now();
  return {
    property(values: Partial<typeof properties.$inferInsert> = {}) {
      const id = newId("prop");
      db.insert(properties).values({ id, accountId, name: "Beach House", address: "1 Ocean Ave, Cape May", timezone: "America/New_York", createdAt: now(), updatedAt: now(), ...values }).run();
      const lockId = newId("lock");
      db.insert(locks).values({ id: lockId, accountId, propertyId: id, name: "Front door", provider: "simulated", providerDeviceId: lockId, createdAt: now(), updatedAt: now() }).run();
      return { propertyId: id, lockId };
    },
    stay(propertyId: string, { guestPhone, guestEmail, ...values }: Partial<typeof stays.$inferInsert> & Partial<GuestContact> & { checkInAt: Date; checkOutAt: Date }) {
      const id = newId("stay");
      db.insert(stays).values({
        id, accountId, propertyId, kind: "reservation", checkInDate: values.checkInAt.toISOString().slice(0, 10), checkOutDate: values.checkOutAt.toISOString().slice(0, 10),
        guestName: "Jamie", createdAt: now(), updatedAt: now(), ...sealGuestContact(box, id, { guestPhone, guestEmail }), ...values,
      }).run();
      return id;
    },
    code(input: { propertyId: string; lockId: string; pin: string; state: (typeof accessCodes.$inferInsert)["state"]; validFrom: Date; validTo: Date; purpose?: "guest" | "cleaner" | "backup"; stayId?: string; turnoverId?: string; contactId?: string; assignedStayId?: string }) {
      const id = newId("code");
      const { pin, ...rest } = input;
      db.insert(accessCodes).values({
        id, accountId, purpose: "guest", ...rest, pinEnc: box.encrypt(pin, `code:${id}`), pinHash: box.hash(`${input.lockId}:${pin}`), pinLength: pin.length,
        createdAt: now(), updatedAt: now(),
      }).run();
      return id;
    },
    setCodeState(codeId: string, state: (typeof accessCodes.$inferInsert)["state"]) {
      db.update(accessCodes).set({ state, updatedAt: now() }).where(eq(accessCodes.id, codeId)).run();
    },
    cleaner(propertyId: string, { phone, email, ...values }: Partial<typeof contacts.$inferInsert> & Partial<ContactDetails> = {}) {
      const id = newId("ctc");
      db.insert(contacts).values({ id, accountId, role: "cleaner", name: "Robin", createdAt: now(), updatedAt: now(), ...sealContactDetails(box, id, { phone, email }), ...values }).run();
      db.insert(propertyCleaners).values({ propertyId, contactId: id }).run();
      return id;
    },
    turnover(propertyId: string, afterStayId: string, startsAt: Date, endsAt: Date) {
      const id = newId("turn");
      db.insert(turnovers).values({ id, accountId, propertyId, afterStayId, startsAt, endsAt, createdAt: now(), updatedAt: now() }).run();
      return id;
    },
  };
}
