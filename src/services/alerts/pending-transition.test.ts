import { describe, expect, it } from "vitest";
import { pendingNotice, type AlertRow } from "./pending-transition";

const DAY = 24 * 3600_000;
const t0 = new Date("2026-03-08T06:00:00Z");
const row = (over: Partial<AlertRow>): AlertRow => ({
  id: "alrt_1", accountId: "acct_1", kind: "battery_low", severity: "warning", subjectType: "lock", subjectId: "lock_1", dedupeKey: "battery:lock_1",
  title: "t", detail: null, status: "open", openedAt: t0, resolvedAt: null, acknowledgedAt: null, acknowledgedBy: null, notifiedAt: null,
  notifiedSeverity: null, resolutionNotifiedAt: null, createdAt: t0, updatedAt: t0, ...over,
});

describe("pendingNotice", () => {
  it("owes an opening notice until one is recorded", () => {
    expect(pendingNotice(row({}), t0, DAY)).toEqual({ kind: "opened", key: "alert:alrt_1:opened:warning" });
    expect(pendingNotice(row({ notifiedAt: t0, notifiedSeverity: "warning" }), t0, DAY)).toBeNull();
  });

  it("owes an escalation notice when the severity rose past what was sent", () => {
    const r = row({ severity: "critical", notifiedAt: t0, notifiedSeverity: "warning" });
    expect(pendingNotice(r, t0, DAY)).toEqual({ kind: "escalated", key: "alert:alrt_1:escalated:critical" });
  });

  it("reminds after the quiet period unless acknowledged", () => {
    const r = row({ notifiedAt: t0, notifiedSeverity: "warning" });
    expect(pendingNotice(r, new Date(t0.getTime() + DAY - 1), DAY)).toBeNull();
    expect(pendingNotice(r, new Date(t0.getTime() + DAY), DAY)).toEqual({ kind: "reminder", key: `alert:alrt_1:reminder-${t0.getTime()}:warning` });
    expect(pendingNotice({ ...r, acknowledgedAt: t0 }, new Date(t0.getTime() + 3 * DAY), DAY)).toBeNull();
  });

  it("owes a recovery notice only for an alert the host was told about", () => {
    expect(pendingNotice(row({ status: "resolved", resolvedAt: t0 }), t0, DAY)).toBeNull();
    const told = row({ status: "resolved", resolvedAt: t0, notifiedAt: t0, notifiedSeverity: "warning" });
    expect(pendingNotice(told, t0, DAY)).toEqual({ kind: "resolved", key: "alert:alrt_1:resolved:warning" });
    expect(pendingNotice({ ...told, resolutionNotifiedAt: t0 }, t0, DAY)).toBeNull();
  });
});
