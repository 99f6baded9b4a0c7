import { eq } from "drizzle-orm";
import { createApp } from "../../src/app";
import { messages } from "../../src/db/schema";
import type { MessageStatus } from "../../src/domain/messages/status-order";
import { silentLogger } from "../../src/lib/logger";
import { dispatchToApp, relayPullerFromConfig, type AppRequest, type RelayPuller, type RelayPullerOptions } from "../../src/services/relay";
import { testServiceDeps } from "../support/service-deps";
import { testWorld } from "../support/world";
import type { EdgeRelay } from "./relay-harness";

/** What the relay puller passes to `app.request` as env, as `staykey serve` wires it. */
export interface RelayBindings {
  relayReceivedAt?: string;
}

/** One relayed request as the real app answered it; `outcome` is the Seam route's own verdict (applied, duplicate…). */
export interface RelayedAnswer {
  path: string;
  status: number;
  outcome?: string;
}

export type StaykeyHome = Awaited<ReturnType<typeof startStaykeyHome>>;

/**
 * The home side of the relay: the real staykey app (createApp on in-memory SQLite, embedded jobs never run) configured
 * to trust the relay's public URL for Twilio and the relay's Seam secret, with a puller built the way `staykey serve`
 * builds it. The clock starts at the real time, because the edge stamps receipt with workerd's own clock.
 */
export async function startStaykeyHome(relay: EdgeRelay, options: { twilioAuthToken: string }) {
  const deps = testServiceDeps({
    now: new Date().toISOString(),
    env: {
      STAYKEY_PUBLIC_URL: relay.url,
      TWILIO_AUTH_TOKEN: options.twilioAuthToken,
      SEAM_WEBHOOK_SECRET: relay.seamSecret,
      STAYKEY_RELAY_URL: relay.url,
      STAYKEY_RELAY_TOKEN: relay.token,
    },
  });
  const app = createApp(deps);
  const world = testWorld(deps);
  const { accountId } = await world.account({ name: "Host" });
  const t = deps.clock.now();
  const propertyId = world.property(accountId, { name: "Beach House", timezone: "America/New_York" }).id;

  const answers: RelayedAnswer[] = [];
  // The real app, with a note of each answer: the only record of "processed once" that the routes do not keep themselves.
  const request: AppRequest<RelayBindings> = async (path, init, env) => {
    const response = await app.request(path, init, env);
    const text = await response.clone().text();
    const outcome = path.startsWith("/webhooks/seam") && response.ok ? (JSON.parse(text) as { outcome?: string }).outcome : undefined;
    answers.push({ path, status: response.status, ...(outcome ? { outcome } : {}) });
    return response;
  };

  return {
    deps,
    app,
    accountId,
    answers,
    request,
    /** The puller `staykey serve` starts, with short waits and backoff so tests stay quick. */
    puller(overrides: { fetch?: typeof fetch; request?: AppRequest<RelayBindings> } & Pick<RelayPullerOptions, "backoff"> = {}): RelayPuller {
      const puller = relayPullerFromConfig(deps.config, {
        dispatch: dispatchToApp(overrides.request ?? request, (event) => ({ relayReceivedAt: event.receivedAt })),
        clock: deps.clock,
        logger: silentLogger,
        fetch: overrides.fetch,
        // The edge re-checks D1 once a second within a long-poll; a 1 s wait would never wait and pull in a busy loop.
        waitSeconds: 2,
        backoff: overrides.backoff ?? { initialMs: 20, maxMs: 100 },
      });
      if (!puller) throw new Error("relay settings missing from the home config");
      return puller;
    },
    addSeamLock(providerDeviceId: string) {
      return world.lock(propertyId, { name: "Front door", provider: "seam", providerDeviceId }).id;
    },
    /** A text staykey already handed to Twilio, known by the sid Twilio gave it. */
    addTwilioMessage(providerId: string, status: MessageStatus) {
      return world.message(accountId, {
        propertyId, channel: "sms", provider: "twilio", recipient: "+15557654321", purpose: "guest_code", body: "Your door code is ready", status, providerId, attempts: 1, sentAt: t,
      }).id;
    },
    message: (id: string) => deps.db.select().from(messages).where(eq(messages.id, id)).get()!,
    close: () => deps.db.$client.close(),
  };
}
