import type {
  accessCodes,
  accessGrantLocks,
  accessGrants,
  lockProperties,
  accounts,
  alerts,
  authChallenges,
  invites,
  knownDevices,
  passkeys,
  passwordResets,
  recoveryCodes,
  userProperties,
  apiKeys,
  auditEvents,
  contacts,
  feeds,
  guestPageThrottle,
  guestRegistrations,
  idempotencyKeys,
  jobs,
  legacySmsOptOuts,
  lockEvents,
  locks,
  messages,
  properties,
  propertyCleaners,
  providerConnections,
  sessions,
  signInThrottle,
  smsOptOuts,
  stays,
  turnovers,
  users,
  webhookEvents,
  webhookDeliveries,
  webhookEndpoints,
} from "./schema";

// One row type per table, as drizzle reads it back, so no module restates `typeof table.$inferSelect` (and the
// insert types the writers need). Layers that may not import db/ get them re-exported by the service that owns them.

export type AccountRow = typeof accounts.$inferSelect;
export type UserRow = typeof users.$inferSelect;
export type UserInsert = typeof users.$inferInsert;
export type ApiKeyRow = typeof apiKeys.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;
export type SignInThrottleRow = typeof signInThrottle.$inferSelect;
export type IdempotencyKeyRow = typeof idempotencyKeys.$inferSelect;

export type PropertyRow = typeof properties.$inferSelect;
export type PropertyInsert = typeof properties.$inferInsert;
export type ContactRow = typeof contacts.$inferSelect;
export type ContactInsert = typeof contacts.$inferInsert;
export type PropertyCleanerRow = typeof propertyCleaners.$inferSelect;
export type ConnectionRow = typeof providerConnections.$inferSelect;
export type LockRow = typeof locks.$inferSelect;
export type LockInsert = typeof locks.$inferInsert;
export type LockPropertyRow = typeof lockProperties.$inferSelect;
export type GrantRow = typeof accessGrants.$inferSelect;
export type GrantInsert = typeof accessGrants.$inferInsert;
export type GrantLockRow = typeof accessGrantLocks.$inferSelect;

export type FeedRow = typeof feeds.$inferSelect;
export type FeedInsert = typeof feeds.$inferInsert;
export type StayRow = typeof stays.$inferSelect;
export type StayInsert = typeof stays.$inferInsert;
export type TurnoverRow = typeof turnovers.$inferSelect;
export type GuestRegistrationRow = typeof guestRegistrations.$inferSelect;
export type GuestPageThrottleRow = typeof guestPageThrottle.$inferSelect;

export type CodeRow = typeof accessCodes.$inferSelect;
export type CodeInsert = typeof accessCodes.$inferInsert;
export type MessageRow = typeof messages.$inferSelect;
export type SmsOptOutRow = typeof smsOptOuts.$inferSelect;
export type LegacySmsOptOutRow = typeof legacySmsOptOuts.$inferSelect;
export type AlertRow = typeof alerts.$inferSelect;
export type LockEventRow = typeof lockEvents.$inferSelect;
export type LockEventInsert = typeof lockEvents.$inferInsert;
export type AuditEventRow = typeof auditEvents.$inferSelect;
export type WebhookEventRow = typeof webhookEvents.$inferSelect;

/** A `jobs` row as drizzle reads it; jobs/embedded/job-store's JobRow is the same table read raw, in SQL's names. */
export type StoredJobRow = typeof jobs.$inferSelect;
export type InviteRow = typeof invites.$inferSelect;
export type PasswordResetRow = typeof passwordResets.$inferSelect;
export type RecoveryCodeRow = typeof recoveryCodes.$inferSelect;
export type PasskeyRow = typeof passkeys.$inferSelect;
export type AuthChallengeRow = typeof authChallenges.$inferSelect;
export type KnownDeviceRow = typeof knownDevices.$inferSelect;
export type UserPropertyRow = typeof userProperties.$inferSelect;
export type WebhookEndpointRow = typeof webhookEndpoints.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;
