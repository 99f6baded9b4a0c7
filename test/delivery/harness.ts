import { serve, type ServerType } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { createApp } from "../../src/app";
import type { CodeRow } from "../../src/db/rows";
import { accessCodes, messages } from "../../src/db/schema";
import { jobDefinitions, type JobName } from "../../src/jobs/definitions";
import { EmbeddedJobQueue } from "../../src/jobs/embedded/embedded-queue";
import { JobStore } from "../../src/jobs/embedded/job-store";
import { processJob, silentLogger as silentJobLogger } from "../../src/jobs/processor";
import type { JobHandler } from "../../src/jobs/port";
import { withServiceEvents } from "../../src/runtime/event-handlers";
import { createApiKey } from "../../src/services/accounts/api-keys";
import { openRecipient } from "../../src/services/contact-details/contact-details";
import { deliveryProcessors } from "../../src/services/delivery";
import type { ServiceDeps } from "../../src/services/deps";
import { messageBodyAssociatedData } from "../../src/services/delivery/message-rows";
import { createSmtpEmailSender, type SmtpEmailSender } from "../../src/providers/email/smtp-email";
import { createTwilioSmsSender } from "../../src/providers/sms/twilio-sms";
import type { PropertyInput } from "../../src/services/properties/properties";
import { testDeps } from "../support/test-deps";
import { testWorld, type CodeSeed, type StaySeed, type TestWorld } from "../support/world";
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
  const deps = withServiceEvents({
    ...core, jobs, messaging: { sms, email }, feedFetch: {},
    lockProvider: (): never => { throw new Error("the delivery harness talks to no lock"); },
  });

  const app = createApp(deps);
  handle = (req) => app.fetch(req);

  const world = testWorld(core);
  const { accountId, userId } = await world.account({ name: "Host" });
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
    seed: seeder(world, deps, accountId),
  };
}

export type Harness = Awaited<ReturnType<typeof deliveryHarness>>;

/** The delivery tests' scenarios over the test world: a property always comes with its front-door lock. */
function seeder(world: TestWorld, deps: ServiceDeps, accountId: string) {
  return {
    property(values: Partial<PropertyInput> = {}) {
      const property = world.property(accountId, { address: "1 Ocean Ave, Cape May", ...values });
      return { propertyId: property.id, lockId: world.lock(property.id).id };
    },
    /** Another lock on the property, beside its front door. */
    lock(propertyId: string, name: string) {
      return world.lock(propertyId, { name }).id;
    },
    stay(propertyId: string, values: StaySeed & { checkInAt: Date; checkOutAt: Date }) {
      return world.stay(propertyId, { guestName: "Jamie", ...values }).id;
    },
    code(input: CodeSeed & { propertyId: string; lockId: string; pin: string; state: CodeRow["state"]; validFrom: Date; validTo: Date }) {
      const { propertyId: _propertyId, lockId, ...values } = input;
      return world.code(lockId, { purpose: "guest", ...values }).id;
    },
    setCodeState(codeId: string, state: CodeRow["state"]) {
      deps.db.update(accessCodes).set({ state, updatedAt: deps.clock.now() }).where(eq(accessCodes.id, codeId)).run();
    },
    cleaner(propertyId: string, values: { name?: string; phone?: string | null; email?: string | null } = {}) {
      return world.cleaner(propertyId, values).id;
    },
    turnover(_propertyId: string, afterStayId: string, startsAt: Date, endsAt: Date) {
      return world.turnover(afterStayId, { startsAt, endsAt }).id;
    },
  };
}
