import type { Channel } from "./channels";

/**
 * One builder per kind of message, so the scheduler, a re-run of it and the reconciler all name the same message the
 * same way and the unique index turns a second insert into a no-op. Keys hold ids, versions and dates only: they are
 * shown in logs and job dashboards.
 */
export const messageKeys = {
  /**
   * One code message per stay and channel. Not keyed on the code: a second lock confirming, or the lifecycle calling
   * again, must not queue a second welcome; the body is rendered from every confirmed code when it goes out. A new
   * PIN the host asked for (the stay's `pinGeneration`) is a new code message, so the guest hears it once too.
   */
  guestCode: (stayId: string, channel: Channel, pinGeneration = 0) =>
    pinGeneration === 0 ? `guest-code_${stayId}_${channel}` : `guest-code_${stayId}_pin${pinGeneration}_${channel}`,
  /** One update per stay version that changed after the code went out. */
  guestUpdate: (stayId: string, stayVersion: number, channel: Channel) => `guest-update_${stayId}_v${stayVersion}_${channel}`,
  cleanerNotice: (turnoverId: string, contactId: string, channel: Channel) => `cleaner-notice_${turnoverId}_${contactId}_${channel}`,
  cleanerUpdate: (turnoverId: string, turnoverVersion: number, contactId: string, channel: Channel) =>
    `cleaner-update_${turnoverId}_v${turnoverVersion}_${contactId}_${channel}`,
  cleanerCancel: (turnoverId: string, contactId: string, channel: Channel) => `cleaner-cancel_${turnoverId}_${contactId}_${channel}`,
  /** The email that stands in for an SMS the recipient opted out of. */
  fallback: (originalKey: string) => `${originalKey}_fallback-email`,
  /** A host-requested resend: the request's own idempotency (or a fresh id) keeps a double click to one message. */
  resend: (messageId: string, requestKey: string) => `resend_${messageId}_${requestKey}`,
};
