/**
 * The queues and how many jobs of each one process (or one embedded runner) works on at once.
 * Concurrency is per worker process: N workers give N × concurrency.
 */
export const QUEUE_NAMES = ["calendar-sync", "access-codes", "messages", "lock-health", "alerts", "webhooks"] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

export interface QueueConfig {
  concurrency: number;
}

export const queueConfigs: Record<QueueName, QueueConfig> = {
  // Feed fetches are I/O bound and spread over many hosts (Airbnb, VRBO, PMSs); 5 keeps one slow host from
  // holding up every other feed without hammering a single platform's rate limit.
  "calendar-sync": { concurrency: 5 },
  // Lock vendors rate-limit per account and a lock handles one command at a time (a second PIN write while the
  // first is still travelling over Z-Wave fails), so codes go out slowly and in order.
  "access-codes": { concurrency: 2 },
  // Twilio and SMTP accept bursts comfortably; the cap is about not opening dozens of SMTP connections at once.
  messages: { concurrency: 5 },
  // Health checks are cheap reads but hit the same vendor APIs as programming; keep them from starving it.
  "lock-health": { concurrency: 2 },
  // Alert notifications are rare and fan out to messages; one at a time keeps digests in order.
  alerts: { concurrency: 1 },
  // Integrators' receivers: each attempt waits at most STAYKEY_WEBHOOK_TIMEOUT_SECONDS, so a few slow ones must not
  // hold up the rest; their own queue keeps them from ever delaying a guest's code or message.
  webhooks: { concurrency: 5 },
};

export function isQueueName(value: string): value is QueueName {
  return (QUEUE_NAMES as readonly string[]).includes(value);
}
