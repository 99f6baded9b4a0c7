import { ProviderError } from "../provider-error";
import type {
  CreateCodeInput,
  DiscoveredLock,
  LockCapabilities,
  LockDevice,
  LockProvider,
  ProviderCode,
  UpdateCodeInput,
} from "../types";
import { SeamClient, type SeamClientOptions } from "./seam-client";
import { toDiscoveredLock, toLockDevice, toProviderCode, type SeamAccessCode, type SeamDevice, type SeamEventRecord } from "./seam-mapping";

const iso = (d: Date) => d.toISOString();

/**
 * Seam locks schedule codes natively (starts_at/ends_at). A new code starts in `setting`; it is only
 * `set` once the lock confirms, which callers observe by polling `getCode`/`listCodes` (or a webhook).
 */
export class SeamLockProvider implements LockProvider {
  readonly kind = "seam" as const;
  private readonly client: SeamClient;

  constructor(opts: SeamClientOptions) {
    this.client = new SeamClient(opts);
  }

  capabilities(device: LockDevice): LockCapabilities {
    return device.capabilities;
  }

  async listDevices(): Promise<LockDevice[]> {
    return (await this.workspaceLocks()).map(toLockDevice);
  }

  async discoverLocks(): Promise<DiscoveredLock[]> {
    return (await this.workspaceLocks()).map(toDiscoveredLock);
  }

  private async workspaceLocks(): Promise<SeamDevice[]> {
    // /locks/list leaves out thermostats and sensors that share the workspace's device list.
    const res = await this.client.post<{ locks?: SeamDevice[]; devices?: SeamDevice[] }>("/locks/list", {}, { action: "locks.list" });
    return res.locks ?? res.devices ?? [];
  }

  async getDevice(deviceId: string): Promise<LockDevice> {
    const res = await this.client.post<{ device: SeamDevice }>("/devices/get", { device_id: deviceId }, { action: "devices.get", deviceId });
    return toLockDevice(res.device);
  }

  private async assertOnline(deviceId: string, action: string): Promise<void> {
    const device = await this.getDevice(deviceId);
    if (!device.online) {
      throw new ProviderError({ kind: "offline", provider: "seam", action, message: `device ${deviceId} is offline` });
    }
  }

  async createCode(deviceId: string, input: CreateCodeInput): Promise<ProviderCode> {
    if ((input.startsAt === undefined) !== (input.endsAt === undefined)) {
      throw new ProviderError({ kind: "permanent", provider: "seam", action: "access_codes.create", message: "starts_at and ends_at go together" });
    }
    await this.assertOnline(deviceId, "access_codes.create");
    const body: Record<string, unknown> = { device_id: deviceId, name: input.name, code: input.pin };
    if (input.startsAt && input.endsAt) Object.assign(body, { starts_at: iso(input.startsAt), ends_at: iso(input.endsAt) });
    // Seam's one-time codes: the lock (or Seam) removes the code after its first use.
    if (input.oneTimeUse) body.is_one_time_use = true;
    try {
      const res = await this.client.post<{ access_code: SeamAccessCode }>("/access_codes/create", body, { action: "access_codes.create", deviceId });
      return toProviderCode(res.access_code);
    } catch (e) {
      if (!(e instanceof ProviderError) || e.kind !== "duplicate_code") throw e;
      // Seam's refusal does not say which code holds the PIN; ask, so the caller can tell its own earlier create
      // (a lost response, a job run twice) from someone else's code.
      const holder = await this.codeHoldingPin(deviceId, input.pin);
      throw holder ? e.naming(holder) : e;
    }
  }

  /**
   * The id of the code on this device that holds the PIN, or undefined. The PIN may clash with a code Seam does not
   * manage (the owner's, set at the keypad): /access_codes/get knows only managed codes and answers 404 for it.
   */
  private async codeHoldingPin(deviceId: string, pin: string): Promise<string | undefined> {
    try {
      const res = await this.client.post<{ access_code: SeamAccessCode }>("/access_codes/get", { device_id: deviceId, code: pin }, { action: "access_codes.get", deviceId });
      return res.access_code.device_id === deviceId ? res.access_code.access_code_id : undefined;
    } catch (e) {
      if (e instanceof ProviderError && e.kind === "not_found") return undefined;
      throw e;
    }
  }

  async updateCode(deviceId: string, codeId: string, input: UpdateCodeInput): Promise<ProviderCode> {
    await this.assertOnline(deviceId, "access_codes.update");
    const current = await this.getCode(deviceId, codeId);
    // Seam turns a code into an "ongoing" one when an update omits the window, so always send both ends.
    const startsAt = input.startsAt ?? current.startsAt;
    const endsAt = input.endsAt ?? current.endsAt;
    // No device_id: the fake matches "this id OR any code on that device", which can hit the wrong code.
    const body: Record<string, unknown> = { access_code_id: codeId };
    if (input.name !== undefined) body.name = input.name;
    if (input.pin !== undefined) body.code = input.pin;
    if (startsAt && endsAt) Object.assign(body, { starts_at: iso(startsAt), ends_at: iso(endsAt), type: "time_bound" });
    await this.client.post("/access_codes/update", body, { action: "access_codes.update", deviceId, codeId });
    return this.getCode(deviceId, codeId);
  }

  async deleteCode(deviceId: string, codeId: string): Promise<void> {
    try {
      await this.client.post("/access_codes/delete", { access_code_id: codeId }, { action: "access_codes.delete", deviceId, codeId });
    } catch (e) {
      if (e instanceof ProviderError && e.kind === "not_found") return;
      throw e;
    }
  }

  async getCode(deviceId: string, codeId: string): Promise<ProviderCode> {
    const res = await this.client.post<{ access_code: SeamAccessCode }>("/access_codes/get", { access_code_id: codeId }, { action: "access_codes.get", deviceId, codeId });
    if (res.access_code.device_id !== deviceId) {
      throw new ProviderError({ kind: "not_found", provider: "seam", action: "access_codes.get", message: `code ${codeId} is not on device ${deviceId}` });
    }
    return toProviderCode(res.access_code);
  }

  async listCodes(deviceId: string): Promise<ProviderCode[]> {
    const res = await this.client.post<{ access_codes: SeamAccessCode[] }>("/access_codes/list", { device_id: deviceId }, { action: "access_codes.list", deviceId });
    // Filter again on our side: the fake (and a defensive reading of the real API) can return other devices' codes.
    return res.access_codes.filter((ac) => ac.device_id === deviceId).map(toProviderCode);
  }

  /**
   * The workspace's events created after `since` (Seam's `since` is exclusive and compares `created_at`), oldest
   * first, at most `limit` (Seam's own default and cap is 500). Raw, as a webhook would carry them: the intake reads
   * them loosely and never reads `code`. Entries without an id or a creation time cannot be deduped or resumed from,
   * so they are left out.
   */
  async listEvents(query: { since: Date; limit: number }): Promise<SeamEventRecord[]> {
    const res = await this.client.post<{ events?: unknown[] }>("/events/list", { since: iso(query.since), limit: query.limit }, { action: "events.list" });
    const events = (res.events ?? []).filter(isEventRecord);
    return events.sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at));
  }
}

function isEventRecord(e: unknown): e is SeamEventRecord {
  if (typeof e !== "object" || e === null) return false;
  const { event_id, created_at } = e as Record<string, unknown>;
  return typeof event_id === "string" && event_id !== "" && typeof created_at === "string" && !Number.isNaN(Date.parse(created_at));
}
