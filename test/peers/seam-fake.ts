import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createFake, type Fake } from "@seamapi/fake-seam-connect";
import { batteryStatusFor } from "../../src/providers/locks/battery-status";

/**
 * Seam's own fake API server on a free loopback port, behind a tiny fault-injecting proxy, plus helpers
 * that play the lock: the fake leaves new codes in `setting` where the real service moves them to `set`
 * once the device confirms, so tests confirm (or fail) codes through the fake's database API.
 */
export interface InjectedFault {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** An event as Seam's API and webhooks carry it. */
export type SeamEventBody = { event_id: string; event_type: string; workspace_id: string; created_at: string; occurred_at: string } & Record<string, unknown>;

export interface SeamFake {
  /** Point the adapter here: requests pass through the fault proxy to the fake. */
  baseUrl: string;
  apiKey: string;
  devices: { frontDoor: string; backDoor: string; thermostat: string };
  /** Paths and statuses the proxy saw, in order (faults included). */
  requests: Array<{ path: string; status: number }>;
  /** The next `faults.length` requests get these answers instead of reaching the fake. */
  injectFaults(...faults: InjectedFault[]): void;
  confirmCode(codeId: string): void;
  /** Renames a code as the lock maker's app (or an older staykey) would have named it. */
  setCodeName(codeId: string, name: string): void;
  failCode(codeId: string, errorCode?: string): void;
  setDeviceOnline(deviceId: string, online: boolean): void;
  setBattery(deviceId: string, level: number): void;
  setDeviceProperties(deviceId: string, properties: Record<string, unknown>): void;
  /** Another August lock in the seed's workspace, for tests that need more doors than the seed's two. */
  addLockDevice(name: string): string;
  /**
   * Seam goes away: its listener closes, so the adapter sees connections refused until `recover()` listens again on
   * the same port, with the same state (codes, devices) behind it.
   */
  outage(): Promise<void>;
  recover(): Promise<void>;
  /**
   * Plays the lock reporting door activity: adds an event to the fake's database as Seam's backend would (a keypad
   * unlock names the `access_code_id` and `method: "keycode"`), visible to `/events/list`; returns it, to deliver
   * it as a webhook too.
   */
  addEvent(event: { event_type: string; device_id: string; occurred_at: string; created_at?: string } & Record<string, unknown>): SeamEventBody;
  /** Raw access codes as the fake stores them (for asserting what reached "the cloud"). */
  accessCodes(deviceId: string): Array<{ access_code_id: string; name: string | null; code: string; status: string; is_one_time_use: boolean }>;
  stop(): Promise<void>;
}

/**
 * Rewrites a passed-through answer where the fake falls short of Seam's documented API: the fake's
 * /access_codes/create drops `is_one_time_use`, which Seam takes and echoes on the code.
 */
type Completion = (path: string, requestBody: string, responseBody: string) => string;

function startProxy(targetPort: number, faults: InjectedFault[], log: SeamFake["requests"], complete: Completion): Promise<Server> {
  const server = createServer((req, res) => {
    const path = req.url ?? "/";
    const fault = faults.shift();
    if (fault) {
      log.push({ path, status: fault.status });
      req.resume();
      res.writeHead(fault.status, { "content-type": "application/json", ...fault.headers });
      res.end(JSON.stringify(fault.body ?? { error: { type: "fake_fault", message: "injected by test" }, ok: false }));
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const requestBody = Buffer.concat(chunks);
      const upstream = httpRequest(
        { host: "127.0.0.1", port: targetPort, path, method: req.method, headers: { ...req.headers, connection: "close" } },
        (up) => {
          log.push({ path, status: up.statusCode ?? 0 });
          const answer: Buffer[] = [];
          up.on("data", (c: Buffer) => answer.push(c));
          up.on("end", () => {
            const body = complete(path, requestBody.toString("utf8"), Buffer.concat(answer).toString("utf8"));
            const headers = { ...up.headers, "content-length": String(Buffer.byteLength(body)) };
            delete headers["transfer-encoding"];
            res.writeHead(up.statusCode ?? 502, headers);
            res.end(body);
          });
        },
      );
      upstream.on("error", () => {
        res.writeHead(502).end();
      });
      upstream.end(requestBody);
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

export async function startSeamFake(): Promise<SeamFake> {
  const fake: Fake = await createFake();
  const seed = await fake.seed();
  const server = await fake.startServer();
  const faults: InjectedFault[] = [];
  const requests: SeamFake["requests"] = [];
  const db = fake.database;
  // Seam's create takes `is_one_time_use` (a code the lock spends on its first use); the fake drops it, so it is set here.
  const complete: Completion = (path, requestBody, responseBody) => {
    if (!path.startsWith("/access_codes/create")) return responseBody;
    try {
      const asked = JSON.parse(requestBody) as { is_one_time_use?: boolean };
      const answer = JSON.parse(responseBody) as { access_code?: { access_code_id: string; is_one_time_use?: boolean } };
      if (asked.is_one_time_use !== true || !answer.access_code) return responseBody;
      db.updateAccessCode({ access_code_id: answer.access_code.access_code_id, is_one_time_use: true } as Parameters<typeof db.updateAccessCode>[0]);
      answer.access_code.is_one_time_use = true;
      return JSON.stringify(answer);
    } catch {
      return responseBody;
    }
  };
  const proxy = await startProxy(server.port, faults, requests, complete);
  const port = (proxy.address() as AddressInfo).port;
  const closeProxy = async () => {
    proxy.closeAllConnections();
    await new Promise<void>((r) => proxy.close(() => r()));
  };

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    apiKey: seed.seam_apikey1_token,
    devices: { frontDoor: seed.august_device_1, backDoor: seed.august_device_2, thermostat: seed.ecobee_device_1 },
    requests,
    injectFaults: (...f) => void faults.push(...f),
    confirmCode: (codeId) => void db.updateAccessCode({ access_code_id: codeId, status: "set", errors: [] }),
    setCodeName: (codeId, name) => void db.updateAccessCode({ access_code_id: codeId, name }),
    failCode: (codeId, errorCode = "failed_to_set_on_device") =>
      void db.updateAccessCode({
        access_code_id: codeId,
        status: "setting",
        errors: [{ error_code: errorCode, message: "Failed to set code on device" }],
      }),
    setDeviceOnline: (deviceId, online) =>
      void db.updateDevice({
        device_id: deviceId,
        properties: { online },
        errors: online
          ? []
          : [{ error_code: "device_offline", message: "Device is offline", is_device_error: true, created_at: new Date().toISOString() }],
      } as Parameters<typeof db.updateDevice>[0]),
    setBattery: (deviceId, level) =>
      void db.updateDevice({
        device_id: deviceId,
        properties: { battery_level: level, battery: { level, status: batteryStatusFor(level) } },
      } as Parameters<typeof db.updateDevice>[0]),
    setDeviceProperties: (deviceId, properties) =>
      void db.updateDevice({ device_id: deviceId, properties } as Parameters<typeof db.updateDevice>[0]),
    addLockDevice: (name) =>
      db.addDevice({
        connected_account_id: seed.john_connected_account_id, workspace_id: seed.seed_workspace_1, device_type: "august_lock", name,
        can_remotely_lock: true, can_remotely_unlock: true, can_program_online_access_codes: true,
        properties: { name, manufacturer: "august", locked: true },
      }).device_id,
    outage: () => (proxy.listening ? closeProxy() : Promise.resolve()),
    recover: () => new Promise<void>((r) => (proxy.listening ? r() : proxy.listen(port, "127.0.0.1", () => r()))),
    addEvent: (event) => db.addEvent({ workspace_id: seed.seed_workspace_1, created_at: event.occurred_at, ...event } as Parameters<typeof db.addEvent>[0]) as unknown as SeamEventBody,
    accessCodes: (deviceId) =>
      fake.database.access_codes.filter((ac) => ac.device_id === deviceId) as Array<{ access_code_id: string; name: string | null; code: string; status: string; is_one_time_use: boolean }>,
    stop: async () => {
      if (proxy.listening) await closeProxy();
      server.server.closeAllConnections?.();
      await fake.stopServer();
    },
  };
}
