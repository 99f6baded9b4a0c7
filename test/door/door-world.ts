import { and, eq } from "drizzle-orm";
import { lockEvents, messages, stays } from "../../src/db/schema";
import { newId } from "../../src/lib/ids";
import { SeamLockProvider } from "../../src/providers/locks/seam";
import { openRecipient } from "../../src/services/contact-details/contact-details";
import { alertWorld } from "../alerts/alert-world";
import { afterAll, beforeAll } from "vitest";
import { startSeamFake, type SeamFake } from "../peers/seam-fake";

const HOUR = 3_600_000;

/** A host (alert world: SMS alert contact, Beach House in New York) with a Seam lock (its own door on the fake) and Maya Chen's stay, whose guest code the fake holds. */
export async function seamDoorWorldOn(fake: SeamFake, env: Record<string, string> = {}) {
  const seam = () => new SeamLockProvider({ apiKey: fake.apiKey, baseUrl: fake.baseUrl, retry: { retries: 0, timeoutMs: 5_000 } });
  // The lock's connection holds the fake's key and the fake is the install's Seam, so a poll of its events reaches it.
  const w = await alertWorld({ lockProvider: seam, env: { SEAM_API_URL: fake.baseUrl, ...env } });
  const device = fake.addLockDevice(`Door ${newId("lock")}`);
  const connection = w.world.connection(w.accountId, { provider: "seam", config: { apiKey: fake.apiKey } });
  const lock = w.addLock({ provider: "seam", providerDeviceId: device, connectionId: connection.id });
  const at = (hours: number) => new Date(w.clock.now().getTime() + hours * HOUR);
  const stay = w.world.stay(w.propertyId, { guestName: "Maya Chen", checkInAt: at(-1), checkOutAt: at(70) });
  const onFake = await seam().createCode(device, { name: "Maya Chen", pin: "482913", startsAt: at(-1), endsAt: at(70) });
  const code = w.world.code(lock.id, { stayId: stay.id, state: "active", providerCodeId: onFake.codeId });
  const eventsOf = () => w.db.select().from(lockEvents).where(eq(lockEvents.lockId, lock.id)).all();
  const messagesOf = (purpose: string) =>
    w.db.select().from(messages).where(and(eq(messages.accountId, w.accountId), eq(messages.purpose, purpose))).all()
      .map((m) => ({ ...m, recipient: openRecipient(w.deps.box, m), body: w.body(m) }));
  const stayRow = () => w.db.select().from(stays).where(eq(stays.id, stay.id)).get()!;
  return { ...w, device, connection, lock, stay, code, at, eventsOf, messagesOf, stayRow };
}


/** One Seam fake for a test file, started before its tests and stopped after: `fake()` is it, `world()` a fresh door world on it. */
export function seamFakeForFile(): { fake: () => SeamFake; world: (env?: Record<string, string>) => ReturnType<typeof seamDoorWorldOn> } {
  let fake: SeamFake | undefined;
  beforeAll(async () => {
    fake = await startSeamFake();
  });
  afterAll(async () => {
    await fake?.stop();
  });
  return { fake: () => fake!, world: (env) => seamDoorWorldOn(fake!, env) };
}
