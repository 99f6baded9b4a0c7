/**
 * The thresholds alerts are judged by, in one place so the lock check, the webhook, the feed sweep and the notifier
 * agree. Defaults follow the issue; a deployment may pass its own through `ServiceDeps.alertPolicy`.
 */
export interface AlertPolicy {
  /** Consecutive failed syncs before a feed is reported failing (one failure is usually a platform hiccup). */
  feedFailingAfter: number;
  /** No successful sync for this long means stays may be out of date. */
  feedStaleAfterMs: number;
  /** Percent; Seam's own low/critical marks, so our alerts read like the vendor's app. */
  batteryLowBelow: number;
  batteryCriticalBelow: number;
  /** An open, unacknowledged alert is repeated after this much silence; never sooner. */
  quietPeriodMs: number;
  /** Notices are gathered per account for this long before they go out, so a burst becomes one digest. */
  digestWindowMs: number;
  /** More pending notices than this in one window go out as one digest instead of one message each. */
  digestThreshold: number;
}

export const DEFAULT_ALERT_POLICY: AlertPolicy = {
  feedFailingAfter: 3,
  feedStaleAfterMs: 6 * 3600_000,
  batteryLowBelow: 25,
  batteryCriticalBelow: 10,
  quietPeriodMs: 24 * 3600_000,
  digestWindowMs: 2 * 60_000,
  digestThreshold: 5,
};

/** The policy in force: the deployment's own thresholds over the defaults. */
export const policyOf = (deps: { alertPolicy?: Partial<AlertPolicy> }): AlertPolicy => ({ ...DEFAULT_ALERT_POLICY, ...deps.alertPolicy });
