import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { TwilioEmulator } from "../peers/twilio-emulator";
import { startEdgeRelay, type EdgeRelay } from "./relay-harness";

const HOST_PHONE = "+15559870000";
const MINUTE = 60_000;

let twilio: TwilioEmulator;
let relay: EdgeRelay;

beforeAll(async () => {
  twilio = await TwilioEmulator.start({ callbacks: "manual" });
});
afterEach(async () => {
  await relay?.dispose();
});
afterAll(async () => {
  await twilio?.close();
});

// The emulator plays Twilio's Messages API: it answers 401 unless Basic auth carries this account's SID and
// token, and reads To/From/Body from the form body, so a text it records was sent the way Twilio needs.
async function relayTextingVia(emulator: TwilioEmulator, authToken = emulator.authToken): Promise<EdgeRelay> {
  return startEdgeRelay({
    bindings: {
      TWILIO_ACCOUNT_SID: emulator.accountSid,
      TWILIO_AUTH_TOKEN: authToken,
      TWILIO_FROM: "+15005550006",
      TWILIO_API_BASE_URL: emulator.baseUrl,
      HOST_PHONE,
      HOST_TIMEZONE: "Europe/Lisbon",
      HEARTBEAT_TIMEOUT_MINUTES: "15",
    },
  });
}

async function heartbeat(checkIns: Date[] = []): Promise<Date> {
  const headers: Record<string, string> = { authorization: `Bearer ${relay.token}` };
  if (checkIns.length > 0) headers["x-staykey-next-check-ins"] = checkIns.map((d) => d.toISOString()).join(",");
  const response = await fetch(`${relay.url}relay/events?wait=0`, { headers });
  expect(response.status).toBe(200);
  return new Date();
}

const textsToHost = (emulator: TwilioEmulator) => emulator.sent().filter((m) => m.to === HOST_PHONE);

describe("heartbeat watchdog", () => {
  it("texts the host once when home stops pulling, and once when it is back", async () => {
    const emulator = await TwilioEmulator.start();
    try {
      relay = await relayTextingVia(emulator);
      const beat = await heartbeat([new Date(Date.now() + 3 * 60 * MINUTE), new Date(Date.now() + 72 * 60 * MINUTE)]);
      const at = (minutes: number) => new Date(beat.getTime() + minutes * MINUTE);

      await relay.cron(at(10));
      expect(textsToHost(emulator)).toHaveLength(0);

      await relay.cron(at(20));
      await relay.cron(at(25));
      await relay.cron(at(60));
      const [outage, ...others] = textsToHost(emulator);
      expect(others).toHaveLength(0);
      expect(outage!.from).toBe("+15005550006");
      expect(outage!.body).toMatch(/has not checked in since .* \(20 min\)/);
      // Only the check-in three hours out falls in the 24-hour warning window.
      expect(outage!.body).toContain("1 guest check-in due");

      const back = await heartbeat();
      await relay.cron(new Date(back.getTime() + 1 * MINUTE));
      await relay.cron(new Date(back.getTime() + 5 * MINUTE));
      const texts = textsToHost(emulator);
      expect(texts).toHaveLength(2);
      expect(texts[1]!.body).toMatch(/home server is back/);
    } finally {
      await emulator.close();
    }
  });

  it("retries the outage text on the next run when Twilio refuses it, and still sends one", async () => {
    const emulator = await TwilioEmulator.start();
    try {
      relay = await relayTextingVia(emulator);
      const beat = await heartbeat();
      emulator.failNext(1, 503);
      await relay.cron(new Date(beat.getTime() + 20 * MINUTE));
      expect(textsToHost(emulator)).toHaveLength(0);
      await relay.cron(new Date(beat.getTime() + 25 * MINUTE));
      await relay.cron(new Date(beat.getTime() + 30 * MINUTE));
      expect(textsToHost(emulator)).toHaveLength(1);
    } finally {
      await emulator.close();
    }
  });

  it("sends nothing Twilio would not authenticate", async () => {
    relay = await relayTextingVia(twilio, "wrong-token");
    const beat = await heartbeat();
    await relay.cron(new Date(beat.getTime() + 20 * MINUTE));
    expect(textsToHost(twilio)).toHaveLength(0);
    expect(await relay.query("SELECT alert_sent_at FROM relay_outages")).toEqual([{ alert_sent_at: null }]);
  });

  it("stays quiet for a relay home has never pulled from", async () => {
    relay = await relayTextingVia(twilio);
    await relay.cron(new Date(Date.now() + 120 * MINUTE));
    expect(textsToHost(twilio)).toHaveLength(0);
  });

  it("purges events past the retention window", async () => {
    relay = await relayTextingVia(twilio);
    const now = Date.now();
    await relay.query(
      `INSERT INTO relay_events (id, source, provider_event_id, path, url, headers, body, received_at)
       VALUES ('rev_old', 'seam', 'msg_old', '/webhooks/seam', 'https://r/webhooks/seam', '{}', '{}', ?),
              ('rev_new', 'seam', 'msg_new', '/webhooks/seam', 'https://r/webhooks/seam', '{}', '{}', ?)`,
      now - 8 * 24 * 60 * MINUTE,
      now - 6 * 24 * 60 * MINUTE,
    );
    await relay.cron(new Date(now));
    expect(await relay.query("SELECT id FROM relay_events")).toEqual([{ id: "rev_new" }]);
  });
});
