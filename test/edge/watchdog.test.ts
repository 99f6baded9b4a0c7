import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { TwilioEmulator } from "../peers/twilio-emulator";
import { startEdgeRelay, type EdgeRelay } from "./relay-harness";

const HOST_PHONE = "+15559870000";
const MINUTE = 60_000;

let twilio: TwilioEmulator;
let relay: EdgeRelay;
let textsBefore = 0;

beforeAll(async () => {
  twilio = await TwilioEmulator.start({ callbacks: "manual" });
  relay = await relayTextingVia(twilio);
});
beforeEach(async () => {
  // One relay for the file (workerd start-up is the slow part); each test starts as a fresh deployment.
  for (const table of ["relay_events", "relay_heartbeat", "relay_outages"]) await relay.query(`DELETE FROM ${table}`);
  textsBefore = twilio.sent().length;
});
afterAll(async () => {
  await relay?.dispose();
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

async function heartbeat(on: EdgeRelay = relay, checkIns: Date[] = []): Promise<Date> {
  const headers: Record<string, string> = { authorization: `Bearer ${on.token}` };
  if (checkIns.length > 0) headers["x-staykey-next-check-ins"] = checkIns.map((d) => d.toISOString()).join(",");
  const response = await fetch(`${on.url}relay/events?wait=0`, { headers });
  expect(response.status).toBe(200);
  return new Date();
}

const textsToHost = () => twilio.sent().slice(textsBefore).filter((m) => m.to === HOST_PHONE);

describe("heartbeat watchdog", () => {
  it("texts the host once when home stops pulling, and once when it is back", async () => {
    const beat = await heartbeat(relay, [new Date(Date.now() + 3 * 60 * MINUTE), new Date(Date.now() + 72 * 60 * MINUTE)]);
    const at = (minutes: number) => new Date(beat.getTime() + minutes * MINUTE);

    await relay.cron(at(10));
    expect(textsToHost()).toHaveLength(0);

    await relay.cron(at(20));
    await relay.cron(at(25));
    await relay.cron(at(60));
    const [outage, ...others] = textsToHost();
    expect(others).toHaveLength(0);
    expect(outage!.from).toBe("+15005550006");
    expect(outage!.body).toMatch(/has not checked in since .* \(20 min\)/);
    // Only the check-in three hours out falls in the 24-hour warning window.
    expect(outage!.body).toContain("1 guest check-in due");

    const back = await heartbeat();
    await relay.cron(new Date(back.getTime() + 1 * MINUTE));
    await relay.cron(new Date(back.getTime() + 5 * MINUTE));
    const texts = textsToHost();
    expect(texts).toHaveLength(2);
    expect(texts[1]!.body).toMatch(/home server is back/);
  });

  it("retries the outage text on the next run when Twilio refuses it, and still sends one", async () => {
    const beat = await heartbeat();
    twilio.failNext(1, 503);
    await relay.cron(new Date(beat.getTime() + 20 * MINUTE));
    expect(textsToHost()).toHaveLength(0);
    await relay.cron(new Date(beat.getTime() + 25 * MINUTE));
    await relay.cron(new Date(beat.getTime() + 30 * MINUTE));
    expect(textsToHost()).toHaveLength(1);
  });

  it("sends nothing Twilio would not authenticate", async () => {
    const misconfigured = await relayTextingVia(twilio, "wrong-token");
    try {
      const beat = await heartbeat(misconfigured);
      await misconfigured.cron(new Date(beat.getTime() + 20 * MINUTE));
      expect(textsToHost()).toHaveLength(0);
      expect(await misconfigured.query("SELECT alert_sent_at FROM relay_outages")).toEqual([{ alert_sent_at: null }]);
    } finally {
      await misconfigured.dispose();
    }
  });

  it("stays quiet for a relay home has never pulled from", async () => {
    await relay.cron(new Date(Date.now() + 120 * MINUTE));
    expect(textsToHost()).toHaveLength(0);
  });

  it("purges events past the retention window", async () => {
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
