import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import type { AppRequest, RelayPuller, RelayPullerOptions } from "../../src/services/relay";
import { TwilioEmulator } from "../peers/twilio-emulator";
import { startEdgeRelay, type EdgeRelay } from "./relay-harness";
import { startStaykeyHome, type RelayBindings, type StaykeyHome } from "./staykey-home";

/**
 * One edge Worker and one Twilio emulator per file, a fresh staykey home per test, and every puller stopped and
 * the relay emptied after each test (as a fresh deployment would be). Registers the hooks in the calling file.
 */
export function useRelayWorld() {
  const pullers: RelayPuller[] = [];
  const state = {} as { relay: EdgeRelay; twilio: TwilioEmulator; home: StaykeyHome };

  beforeAll(async () => {
    state.twilio = await TwilioEmulator.start({ callbacks: "manual" });
    state.relay = await startEdgeRelay({ bindings: { TWILIO_AUTH_TOKEN: state.twilio.authToken } });
  });
  beforeEach(async () => {
    state.home = await startStaykeyHome(state.relay, { twilioAuthToken: state.twilio.authToken });
  });
  afterEach(async () => {
    await Promise.all(pullers.splice(0).map((p) => p.stop()));
    state.home.close();
    await state.relay.query("DELETE FROM relay_events");
  });
  afterAll(async () => {
    await state.relay?.dispose();
    await state.twilio?.close();
  });

  return {
    get relay() {
      return state.relay;
    },
    get twilio() {
      return state.twilio;
    },
    get home() {
      return state.home;
    },
    /** A home puller that is stopped after the test. */
    puller(options: { fetch?: typeof fetch; request?: AppRequest<RelayBindings> } & Pick<RelayPullerOptions, "backoff"> = {}): RelayPuller {
      const p = state.home.puller(options);
      pullers.push(p);
      return p;
    },
    /** Events the relay still holds for home (not acknowledged). */
    pending: () => state.relay.query<{ id: string }>("SELECT id FROM relay_events WHERE acked_at IS NULL"),
  };
}

export async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 8_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 25));
  }
}
