import { and, eq } from "drizzle-orm";
import type { GrantRow, LockRow } from "../../src/db/rows";
import type { SimulatedLockProvider } from "../../src/providers/locks/simulated";
import { accessCodes, auditEvents, messages } from "../../src/db/schema";
import type { JobHandler } from "../../src/jobs/port";
import { openRecipient } from "../../src/services/contact-details/contact-details";
import { messageBodyAssociatedData, maskedBodyAssociatedData } from "../../src/services/delivery/message-rows";
import { grantProcessors } from "../../src/services/grants/processors";
import { apiHarness } from "../support/api-client";
import { dueJobRunner } from "../support/due-jobs";
import type { TestServiceDepsOptions } from "../support/service-deps";

/**
 * The API over the real services with two accounts, and a runner for the jobs they enqueue (the real embedded job
 * store, the access-code, grant and delivery processors, the simulated lock that confirms codes at once, the outbox).
 */
export async function grantsHarness(opts: TestServiceDepsOptions = {}) {
  const h = await apiHarness(opts);
  const { deps } = h;
  /** Runs due jobs of the access-codes and messages queues (grant jobs among them) until none is left. */
  const runDueJobs = dueJobRunner(deps, grantProcessors(deps) as Record<string, JobHandler<never>>);
  const runDue = async (): Promise<void> => void (await runDueJobs());

  const property = async (caller: typeof h.a, body: Record<string, unknown> = {}) =>
    (await caller.request("POST", "/api/v1/properties", { name: "Loft 3B", timezone: "Europe/Berlin", ...body })).body as { id: string };
  /** A simulated lock through the API, its device present on the simulated provider. */
  const lock = async (caller: typeof h.a, propertyId: string, name: string, over: Record<string, unknown> = {}) => {
    const body = (await caller.request("POST", "/api/v1/locks", { propertyId, name, provider: "simulated", providerDeviceId: `${name}-${propertyId}`, ...over })).body as LockRow;
    (deps.lockProvider(body) as SimulatedLockProvider).addDevice({ deviceId: body.providerDeviceId, name });
    return body;
  };

  return {
    ...h,
    runDue,
    property,
    lock,
    codesOf: (grantId: string) => deps.db.select().from(accessCodes).where(eq(accessCodes.grantId, grantId)).all(),
    pinOf: (code: { id: string; pinEnc: string }) => deps.box.decrypt(code.pinEnc, `code:${code.id}`),
    messagesOf: (accountId: string) => deps.db.select().from(messages).where(eq(messages.accountId, accountId)).all().map((m) => ({
      ...m, recipient: openRecipient(deps.box, m), body: deps.box.decrypt(m.bodyEnc, messageBodyAssociatedData(m.id)),
      masked: m.bodyMaskedEnc ? deps.box.decrypt(m.bodyMaskedEnc, maskedBodyAssociatedData(m.id)) : null,
    })),
    auditOf: (grantId: string) => deps.db.select().from(auditEvents).where(and(eq(auditEvents.subjectType, "access_grant"), eq(auditEvents.subjectId, grantId))).all().map((e) => e.action),
  };
}

export type GrantWire = Omit<GrantRow, "startsAt" | "endsAt"> & { startsAt: string; endsAt: string | null; pin?: string; codes: Array<{ lockId: string; state: string; validFrom: string; validTo: string; oneTimeUse: boolean }> };
