import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SeamLockProvider } from "../../../src/providers/locks/seam";
import { caught } from "./caught";
import type { ProviderCallAudit } from "../../../src/providers/locks/types";
import { startSeamFake, type SeamFake } from "../../peers/seam-fake";

let fake: SeamFake;
let audits: ProviderCallAudit[];
let seam: SeamLockProvider;
let pinSeq = 0;

/** A fresh PIN per test: the fake refuses a PIN already used on a device, whatever the dates. */
const nextPin = () => String(483_907 + 37 * ++pinSeq);
const window = { startsAt: new Date("2030-03-01T03:00:00Z"), endsAt: new Date("2030-03-05T22:00:00Z") };


beforeAll(async () => {
  fake = await startSeamFake();
});
afterAll(async () => {
  await fake.stop();
});
beforeEach(() => {
  audits = [];
  seam = new SeamLockProvider({
    apiKey: fake.apiKey,
    baseUrl: fake.baseUrl,
    retry: { baseDelayMs: 5, maxDelayMs: 20, timeoutMs: 5_000 },
    onCall: (a) => audits.push(a),
  });
  fake.setDeviceOnline(fake.devices.frontDoor, true);
});

describe("Seam lock provider against fake-seam-connect", () => {
  it("lists only devices that take access codes, with online and battery", async () => {
    fake.setBattery(fake.devices.backDoor, 0.18);
    const devices = await seam.listDevices();
    const ids = devices.map((d) => d.deviceId);
    expect(ids).toContain(fake.devices.frontDoor);
    expect(ids).not.toContain(fake.devices.thermostat);
    const back = await seam.getDevice(fake.devices.backDoor);
    expect(back).toMatchObject({ online: true, batteryLevel: 0.18, batteryStatus: "low" });
    expect(back.capabilities.scheduling).toBe("native");
  });

  it("reads code constraints, lengths and capacity from the device properties", async () => {
    fake.setDeviceProperties(fake.devices.backDoor, {
      code_constraints: [{ constraint_type: "no_zeros" }, { constraint_type: "cannot_start_with_12" }, { constraint_type: "name_length", max_length: 14 }],
      supported_code_lengths: [4, 6],
      max_active_codes_supported: 25,
    });
    const device = await seam.getDevice(fake.devices.backDoor);
    expect(seam.capabilities(device)).toEqual({
      scheduling: "native",
      codeLengths: [4, 6],
      constraints: { rules: ["no_zeros", "cannot_start_with_12"], supportedLengths: [4, 6] },
      slotCapacity: 25,
    });
  });

  it("creates a code in setting, and shows it set once the lock confirms", async () => {
    const pin = nextPin();
    const created = await seam.createCode(fake.devices.frontDoor, { name: "Stay ABC", pin, ...window });
    expect(created).toMatchObject({ status: "setting", pin, name: "Stay ABC", ...window });
    expect((await seam.listCodes(fake.devices.frontDoor)).find((c) => c.codeId === created.codeId)?.status).toBe("setting");

    fake.confirmCode(created.codeId);
    const onLock = (await seam.listCodes(fake.devices.frontDoor)).find((c) => c.codeId === created.codeId);
    expect(onLock).toMatchObject({ status: "set", pin });
    expect(await seam.getCode(fake.devices.frontDoor, created.codeId)).toMatchObject({ status: "set" });
  });

  it("moves the window on update and keeps the PIN", async () => {
    const pin = nextPin();
    const created = await seam.createCode(fake.devices.frontDoor, { name: "Stay moves", pin, ...window });
    const later = new Date("2030-03-07T22:00:00Z");
    const updated = await seam.updateCode(fake.devices.frontDoor, created.codeId, { endsAt: later });
    expect(updated).toMatchObject({ pin, startsAt: window.startsAt, endsAt: later });
    const onLock = (await seam.listCodes(fake.devices.frontDoor)).find((c) => c.codeId === created.codeId);
    expect(onLock?.endsAt).toEqual(later);
    expect(onLock?.startsAt).toEqual(window.startsAt);
  });

  it("deletes a code, reads back that it is gone, and treats a second delete as done", async () => {
    const created = await seam.createCode(fake.devices.frontDoor, { name: "Stay gone", pin: nextPin(), ...window });
    await seam.deleteCode(fake.devices.frontDoor, created.codeId);
    expect((await seam.listCodes(fake.devices.frontDoor)).map((c) => c.codeId)).not.toContain(created.codeId);
    await expect(seam.deleteCode(fake.devices.frontDoor, created.codeId)).resolves.toBeUndefined();
    expect((await caught(seam.getCode(fake.devices.frontDoor, created.codeId))).kind).toBe("not_found");
  });

  it("never shows one device's codes on another", async () => {
    const created = await seam.createCode(fake.devices.frontDoor, { name: "Front only", pin: nextPin(), ...window });
    expect((await seam.listCodes(fake.devices.backDoor)).map((c) => c.codeId)).not.toContain(created.codeId);
  });

  it("reports a PIN already on the lock as duplicate_code without echoing the PIN", async () => {
    const pin = nextPin();
    await seam.createCode(fake.devices.frontDoor, { name: "First", pin, ...window });
    const err = await caught(
      seam.createCode(fake.devices.frontDoor, { name: "Second", pin, startsAt: new Date("2031-01-01T00:00:00Z"), endsAt: new Date("2031-01-02T00:00:00Z") }),
    );
    expect(err.kind).toBe("duplicate_code");
    expect(err.retryable).toBe(false);
    expect(err.providerRequestId).toBeTruthy();
    expect(err.message).not.toContain(pin);
    expect(JSON.stringify(audits)).not.toContain(pin);
  });

  it("names the code that holds the PIN when the same create runs twice, and makes no second one", async () => {
    const pin = nextPin();
    const first = await seam.createCode(fake.devices.frontDoor, { name: "Job twice", pin, ...window });
    const err = await caught(seam.createCode(fake.devices.frontDoor, { name: "Job twice", pin, ...window }));
    expect(err).toMatchObject({ kind: "duplicate_code", existingCodeId: first.codeId });
    expect(err.message).not.toContain(pin);
    expect(fake.accessCodes(fake.devices.frontDoor).filter((c) => c.code === pin)).toHaveLength(1);
  });

  it("still reports duplicate_code when the clashing code cannot be looked up (an unmanaged code: /access_codes/get answers 404)", async () => {
    const device = fake.devices.frontDoor;
    fake.injectFaults(
      { status: 200, body: { device: { device_id: device, properties: { online: true } } } },
      { status: 409, body: { error: { type: "duplicate_access_code", message: "Cannot set duplicate access code" } } },
      { status: 404, body: { error: { type: "access_code_not_found", message: "Access Code Not Found" } } },
    );
    const err = await caught(seam.createCode(device, { name: "Clashes with the owner's code", pin: nextPin(), ...window }));
    expect(err.kind).toBe("duplicate_code");
    expect(err.existingCodeId).toBeUndefined();
    expect(fake.requests.slice(-3).map((r) => r.path)).toEqual(["/devices/get", "/access_codes/create", "/access_codes/get"]);
  });

  it("refuses to program an offline lock with an offline error", async () => {
    fake.setDeviceOnline(fake.devices.frontDoor, false);
    expect((await seam.getDevice(fake.devices.frontDoor)).online).toBe(false);
    const err = await caught(seam.createCode(fake.devices.frontDoor, { name: "Offline", pin: nextPin(), ...window }));
    expect(err.kind).toBe("offline");
    expect(err.retryable).toBe(true);
  });

  it("surfaces a code the lock failed to set as failed with the vendor error code", async () => {
    const created = await seam.createCode(fake.devices.frontDoor, { name: "Will fail", pin: nextPin(), ...window });
    fake.failCode(created.codeId);
    expect(await seam.getCode(fake.devices.frontDoor, created.codeId)).toMatchObject({ status: "failed", error: "failed_to_set_on_device" });
  });

  it("retries through 503s and succeeds, auditing one call", async () => {
    fake.injectFaults({ status: 503 }, { status: 503 });
    const before = fake.requests.length;
    const device = await seam.getDevice(fake.devices.backDoor);
    expect(device.deviceId).toBe(fake.devices.backDoor);
    expect(fake.requests.slice(before).map((r) => r.status)).toEqual([503, 503, 200]);
    expect(audits).toEqual([expect.objectContaining({ action: "devices.get", status: "ok", deviceId: fake.devices.backDoor })]);
  });

  it("gives up after its retries with a transient error", async () => {
    fake.injectFaults({ status: 502 }, { status: 502 }, { status: 502 }, { status: 502 });
    const err = await caught(seam.getDevice(fake.devices.backDoor));
    expect(err).toMatchObject({ kind: "transient", httpStatus: 502, retryable: true });
  });

  it("waits out a 429's Retry-After before retrying", async () => {
    fake.injectFaults({ status: 429, headers: { "retry-after": "1" } });
    const started = Date.now();
    await seam.getDevice(fake.devices.backDoor);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it("hands a long Retry-After back to the job engine as rate_limited", async () => {
    fake.injectFaults({ status: 429, headers: { "retry-after": "120" } });
    const err = await caught(seam.getDevice(fake.devices.backDoor));
    expect(err).toMatchObject({ kind: "rate_limited", retryAfterMs: 120_000, retryable: true });
  });

  it("treats a wrong API key as permanent", async () => {
    const bad = new SeamLockProvider({ apiKey: "seam_wrong", baseUrl: fake.baseUrl, retry: { retries: 0 } });
    expect((await caught(bad.listDevices())).kind).toBe("permanent");
  });
});
