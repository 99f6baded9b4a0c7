/**
 * Texts to the host. They name times and counts only, never a guest, a phone number or a code. Times are
 * shown in HOST_TIMEZONE because a host reads "16:00", not an offset.
 */
export interface OutageFacts {
  lastHeartbeatAt: number;
  nowMs: number;
  timeZone: string;
  checkInsAtRisk: string[];
  warningHours: number;
}

export function outageText(facts: OutageFacts): string {
  const minutes = Math.round((facts.nowMs - facts.lastHeartbeatAt) / 60_000);
  let text =
    `staykey: your home server has not checked in since ${formatLocal(facts.lastHeartbeatAt, facts.timeZone)} (${minutes} min). ` +
    "Webhooks are held at the relay; codes and messages wait until it is back.";
  const first = facts.checkInsAtRisk[0];
  if (first) {
    const count = facts.checkInsAtRisk.length;
    text += ` ${count} guest check-in${count === 1 ? "" : "s"} due by ${formatLocal(facts.nowMs + facts.warningHours * 3_600_000, facts.timeZone)}, the first at ${formatLocal(Date.parse(first), facts.timeZone)}.`;
  }
  return text;
}

export function recoveryText(lastHeartbeatAt: number, downSince: number, timeZone: string): string {
  const minutes = Math.max(1, Math.round((lastHeartbeatAt - downSince) / 60_000));
  return `staykey: your home server is back (checked in at ${formatLocal(lastHeartbeatAt, timeZone)} after about ${minutes} min). Held webhooks are being delivered.`;
}

/**
 * Check-ins that fall in the outage window: from the last heartbeat (they may have been missed already)
 * to the warning horizon ahead.
 */
export function checkInsAtRisk(nextCheckIns: readonly string[], lastHeartbeatAt: number, nowMs: number, warningHours: number): string[] {
  const horizon = nowMs + warningHours * 3_600_000;
  return nextCheckIns
    .filter((iso) => {
      const at = Date.parse(iso);
      return at >= lastHeartbeatAt && at <= horizon;
    })
    .sort();
}

function formatLocal(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone,
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(new Date(ms));
}
