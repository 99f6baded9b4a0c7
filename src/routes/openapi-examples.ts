/**
 * One example per schema of the OpenAPI document, by its component name: what a request and an answer look like,
 * for people reading the document and for generated clients. Kept in one place (and put into the document by
 * finishOpenApiDocument) so the examples of related schemas agree with each other; the OpenAPI test parses every
 * request example with the API's own input rules and checks every answer example against its schema's fields.
 */

const at = (day: number, time = "12:00") => `2027-06-${String(day).padStart(2, "0")}T${time}:00.000Z`;
const ids = {
  property: "prop_01JZ8Q4W6N3T2V5X7Y9A1B3C5D", lock: "lock_01JZ8Q6C2M4P6R8T0V2X4Z6B8D", connection: "conn_01JZ8Q5A1K3M5P7R9T1V3X5Z7B",
  feed: "feed_01JZ8Q7D3N5Q7S9U1W3Y5A7C9E", stay: "stay_01JZ8R0F5P7R9T1V3X5Z7B9D1F", cleaner: "ctc_01JZ8Q8E4P6R8T0V2X4Z6B8D0F",
  code: "code_01JZ8R2G6Q8S0U2W4Y6A8C0E2G", grant: "grnt_01JZ8R3H7R9T1V3X5Z7B9D1F3H", message: "msg_01JZ8R4J8S0U2W4Y6A8C0E2G4J",
  alert: "alrt_01JZ8R5K9T1V3X5Z7B9D1F3H5K", user: "user_01JZ8Q3V5M2S1U4W6X8Z0A2B4C", key: "key_01JZ8R6M0U2W4Y6A8C0E2G4J6M",
  invite: "inv_01JZ8R7N1V3X5Z7B9D1F3H5K7N", turnover: "turn_01JZ8R8P2W4Y6A8C0E2G4J6M8P",
  webhookEndpoint: "whep_01JZ8R9Q3X5Z7B9D1F3H5K7N9Q", webhookDelivery: "whdl_01JZ8RAR4Y6A8C0E2G4J6M8P0R",
};

const propertyInput = {
  name: "Dune Cottage",
  address: "12 Shore Road, Provincetown, MA",
  timezone: "America/New_York",
  checkInTime: "16:00",
  checkOutTime: "11:00",
  codeLength: 6,
  messageLeadMinutes: 1440,
  locale: "en-US",
  wifiName: "DuneCottage",
  wifiPassword: "sandy-toes-42",
  checkInInstructions: "The keypad is on the side door, by the outdoor shower.",
};

const property = {
  id: ids.property, ...propertyInput, earlyBufferMinutes: 0, lateBufferMinutes: 0, codeStrategy: "random", programLeadMinutes: 1440,
  backupLeadMinutes: 120, turnoverMinutes: 300, cleanerMessageHour: 18, houseNotes: null, codeRevealLeadMinutes: 2880,
  unreachableAlertLeadMinutes: 1440, checkInLink: "https://staykey.example.com/checkin/pc_6yq2m8x4", arrivalNotice: "any",
  arrivalWelcome: false, noArrivalAlertMinutes: 360, autoCheckOutOnLock: false, templates: {}, cleanerIds: [ids.cleaner],
  createdAt: at(1), updatedAt: at(1),
};

const connection = {
  id: ids.connection, provider: "seam", name: "Seam workspace", credentialHint: "API key ending 2fE8", lastSuccessAt: at(10, "10:00"), lastErrorAt: at(4, "03:12"),
  lastError: "HTTP 503 after 3 attempt(s)", rotatedAt: null, createdAt: at(1),
};

const lockInput = { propertyId: ids.property, name: "Side door", provider: "seam", providerDeviceId: "a83dd1a5-4d1b-4d39-9a4f-6f3b6a4d2c11", connectionId: ids.connection };
const lock = {
  id: ids.lock, ...lockInput, supportedCodeLengths: [4, 5, 6, 7, 8], constraints: null, slotCapacity: null, nativeSchedules: true,
  batteryLevel: 0.82, batteryStatus: "good", online: true, lastSeenAt: at(10, "09:58"), lastHealthAt: at(10, "10:00"), createdAt: at(1), updatedAt: at(10, "10:00"),
};

const feedInput = { propertyId: ids.property, url: "https://www.airbnb.com/calendar/ical/12345678.ics?s=0a1b2c3d4e5f", name: "Airbnb" };
const feed = {
  id: ids.feed, propertyId: ids.property, name: "Airbnb", urlRedacted: "https://www.airbnb.com/calendar/ical/…", source: "airbnb", status: "ok",
  paused: false, syncIntervalMinutes: 15, nextSyncAt: at(10, "10:15"), lastSyncAt: at(10, "10:00"), lastSuccessAt: at(10, "10:00"), lastError: null,
  lastEventCount: 7, consecutiveFailures: 0, createdAt: at(1), updatedAt: at(10, "10:00"),
};
const feedSync = { ok: true, result: "changed", reason: null, summary: "Read 7 events: 2 new stays, 1 changed." };

const contactInput = { role: "cleaner", name: "Robin Alvarez", phone: "+14155550142", email: null };
const contact = { id: ids.cleaner, ...contactInput, hasIcalFeed: true, propertyIds: [ids.property], createdAt: at(1), updatedAt: at(1) };

const stayInput = { propertyId: ids.property, checkInDate: "2027-06-12", checkOutDate: "2027-06-15", reservationCode: "HMX4K2Q9TZ", guestName: "Ana Silva", guestPhone: "+14155550123" };
const staySummary = {
  id: ids.stay, propertyId: ids.property, feedId: ids.feed, externalUid: "1418fb94e984-5a3a5f0e1c7a@airbnb.com", kind: "reservation", status: "confirmed",
  checkInDate: "2027-06-12", checkOutDate: "2027-06-15", checkInAt: at(12, "20:00"), checkOutAt: at(15, "15:00"), earlyCheckInAt: null, lateCheckOutAt: null,
  summary: "Reserved", guestName: "Ana Silva", guestPhoneLast4: "0123", guestEmail: null, reservationCode: "HMX4K2Q9TZ", guestCount: 2,
  guestContactSource: "feed", guestLocale: null, guestPageOpenedAt: null, unreachable: false, guestLink: "https://staykey.example.com/g/gs_3n8w2k5p",
  conflict: false, echoOf: null, version: 1, cancelledAt: null, checkedInAt: null, checkedOutAt: null, presence: "expected", createdAt: at(1), updatedAt: at(1),
};

const codeSummary = {
  id: ids.code, propertyId: ids.property, lockId: ids.lock, purpose: "guest", stayId: ids.stay, turnoverId: null, contactId: null, grantId: null, assignedStayId: null,
  pinLength: 6, validFrom: at(12, "19:00"), validTo: at(15, "15:30"), state: "active", slot: null, oneTimeUse: false, attempts: 1, lastError: null, programAt: at(11, "20:00"),
  confirmedAt: at(11, "20:01"), revokedAt: null, createdAt: at(1), updatedAt: at(11, "20:01"),
};

const grantInput = { propertyId: ids.property, name: "Piotr (plumber)", phone: "+14155550177", schedule: { kind: "window", from: "2027-06-20T08:00", to: "2027-06-20T12:00" } };
const grant = {
  id: ids.grant, propertyId: ids.property, wholeProperty: true, locks: [{ id: ids.lock, name: "Side door" }], contactId: null, name: "Piotr (plumber)",
  phone: "+14155550177", email: null, kind: "window", startsAt: at(20, "12:00"), endsAt: at(20, "16:00"), recurrence: null, maxUses: null, usesSeen: 0,
  usesEnforcement: null, usesNote: null, pinSource: "generated", status: "active", note: null, revokedAt: null, sentAt: null,
  codes: [{ id: "code_01JZ8S1A2B3C4D5E6F7G8H9J0K", lockId: ids.lock, state: "planned", validFrom: at(20, "12:00"), validTo: at(20, "16:00"), oneTimeUse: false, lastError: null }],
  createdAt: at(10), updatedAt: at(10),
};

const messageSummary = {
  id: ids.message, propertyId: ids.property, stayId: ids.stay, turnoverId: null, contactId: null, alertId: null, channel: "sms", provider: "twilio",
  recipient: "+1•••••••0123", purpose: "guest_code", subject: null, status: "delivered", errorCode: null, error: null, attempts: 1, sendAt: at(11, "20:00"),
  sentAt: at(11, "20:01"), deliveredAt: at(11, "20:01"), createdAt: at(11, "20:00"), updatedAt: at(11, "20:01"),
};

const alert = {
  id: ids.alert, kind: "battery_low", severity: "warning", subjectType: "lock", subjectId: ids.lock, title: "Side door battery is low (18%)",
  detail: "Replace the batteries before the next check-in.", status: "open", openedAt: at(10, "10:00"), resolvedAt: null, acknowledgedAt: null,
  acknowledgedBy: null, notifiedAt: at(10, "10:00"), createdAt: at(10, "10:00"), updatedAt: at(10, "10:00"),
};

const auditEvent = {
  id: "aud_01JZ8S2B3C4D5E6F7G8H9J0K1L", at: at(11, "20:00"), actor: "job:access-codes.program-code", action: "lock.access_codes.create",
  subjectType: "access_code", subjectId: ids.code, outcome: "ok", provider: "seam", providerRequestId: "req_8c1f0e2d", detail: { ms: 412 },
};

const lockEvent = {
  id: "lev_01JZ8S3C4D5E6F7G8H9J0K1L2M", propertyId: ids.property, lockId: ids.lock, provider: "seam", providerEventId: "evt_5b2c9d1e", kind: "unlocked",
  method: "keypad", providerCodeId: "ac_7e1d2c3b", slot: null, accessCodeId: ids.code, actor: "guest", stayId: ids.stay, turnoverId: null, contactId: null,
  occurredAt: at(12, "21:14"), createdAt: at(12, "21:14"),
};

const apiKey = { id: ids.key, name: "PMS integration", prefix: "sk_4fQ9", role: "manager", createdAt: at(1), lastUsedAt: at(10, "09:00"), revokedAt: null };
const member = { id: ids.user, name: "Sam Host", email: "sam@example.com", role: "owner", propertyIds: [], twoFactor: true, createdAt: at(1) };
const invite = {
  id: ids.invite, role: "cleaner", name: "Robin Alvarez", channel: "sms", sentTo: "+1•••••••0142", propertyIds: [ids.property], status: "pending",
  createdAt: at(10), expiresAt: at(12),
};

const webhookEndpointInput = { url: "https://pms.example.com/hooks/staykey", description: "Our PMS", eventTypes: ["stay.created", "stay.cancelled", "code.active", "lock.unlocked"] };
const webhookEndpoint = {
  id: ids.webhookEndpoint, ...webhookEndpointInput, status: "enabled", disabledReason: null, failingSince: null, lastSuccessAt: at(12, "16:02"),
  secretRotatedUntil: null, createdAt: at(1), updatedAt: at(1),
};
const webhookDelivery = {
  id: ids.webhookDelivery, endpointId: ids.webhookEndpoint, eventType: "stay.created", status: "delivered", nextAttemptAt: null, deliveredAt: at(2, "09:00"),
  attempts: [
    { attempt: 1, at: at(2, "08:58"), status: 503, durationMs: 212, error: null, outcome: "retry" },
    { attempt: 2, at: at(2, "09:00"), status: 200, durationMs: 87, error: null, outcome: "delivered" },
  ],
  payload: { type: "stay.created", timestamp: at(2, "08:58"), data: { id: ids.stay, propertyId: ids.property, feedId: ids.feed, kind: "reservation", status: "confirmed", checkInDate: "2027-06-12", checkOutDate: "2027-06-15", version: 1 } },
  createdAt: at(2, "08:58"),
};

export const OPENAPI_EXAMPLES: Record<string, unknown> = {
  WebhookEndpointInput: webhookEndpointInput,
  WebhookEndpointPatch: { eventTypes: ["stay.created", "stay.changed", "stay.cancelled"], enabled: true },
  WebhookEndpoint: webhookEndpoint,
  WebhookEndpointWithSecret: { ...webhookEndpoint, secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" },
  WebhookDelivery: webhookDelivery,
  PropertyInput: propertyInput,
  PropertyPatch: { checkOutTime: "10:00", lateBufferMinutes: 30 },
  Property: property,
  PropertyCleaners: { contactIds: [ids.cleaner] },
  ProviderConnectionInput: { provider: "seam", name: "Seam workspace", config: { apiKey: "seam_test_2fE8…" } },
  ProviderConnection: connection,
  ProviderConnectionRotation: { config: { apiKey: "seam_live_9bQ1…" } },
  ConnectionDevicePicks: { locks: [{ deviceId: "a83dd1a5-4d1b-4d39-9a4f-6f3b6a4d2c11", propertyId: ids.property, name: "Side door" }] },
  ConnectionLocksAdded: { data: [{ id: ids.lock, name: "Side door", providerDeviceId: "a83dd1a5-4d1b-4d39-9a4f-6f3b6a4d2c11", propertyId: ids.property }] },
  ConnectionDevice: { deviceId: lockInput.providerDeviceId, name: "Side door", model: "August Wi-Fi Smart Lock", zwaveNodeId: null, online: true, batteryLevel: 82, lockId: ids.lock },
  LockInput: lockInput,
  LockPatch: { name: "Side door (keypad)" },
  Lock: lock,
  LockProperties: { data: [{ propertyId: ids.property, name: "Dune Cottage", own: true }] },
  FeedInput: feedInput,
  FeedPatch: { syncIntervalMinutes: 30 },
  Feed: feed,
  FeedSync: feedSync,
  FeedCreated: { ...feed, firstSync: feedSync },
  FeedSynced: { ...feed, sync: feedSync },
  ContactInput: contactInput,
  ContactPatch: { email: "robin@example.com" },
  Contact: contact,
  ManualStayInput: stayInput,
  StayPatch: { lateCheckOutAt: "13:00" },
  StaySummary: staySummary,
  Stay: { ...staySummary, guestPhone: "+14155550123" },
  AccessCodeSummary: codeSummary,
  AccessCode: { ...codeSummary, pin: "482913" },
  AccessGrantInput: grantInput,
  AccessGrantPatch: { to: "2027-06-20T14:00" },
  AccessGrant: grant,
  CreatedAccessGrant: { ...grant, pin: "731846" },
  AccessGrantResend: { messageId: ids.message },
  MessageSummary: messageSummary,
  Message: { ...messageSummary, body: "Hi Ana, your door code for Dune Cottage is ••••••, from Sat, Jun 12, 4:00 PM EDT.", pinRevealed: false },
  MessagePreviewInput: { template: "guest_code", text: "Hi {{guestName}}, your code for {{propertyName}} is {{pin}}." },
  MessagePreview: { subject: "Your door code for Dune Cottage", body: "Hi Ana, your code for Dune Cottage is 482913.", usedDefault: false, problems: [] },
  ResentMessage: { id: ids.message, channel: "sms", purpose: "guest_code", status: "queued", recipient: "+1•••••••0123", sendAt: null },
  Alert: alert,
  AuditEvent: auditEvent,
  LockEvent: lockEvent,
  KeypadInput: { pin: "482913" },
  KeypadResult: { outcome: "unlocked", event: lockEvent },
  ApiKeyInput: { name: "PMS integration", role: "manager" },
  ApiKey: apiKey,
  CreatedApiKey: { ...apiKey, key: "sk_4fQ9mZ2xT7bV1cN8kL3pR6sW0yH5jD9a" },
  Member: member,
  MemberUpdate: { role: "manager", propertyIds: [ids.property] },
  InviteInput: { role: "cleaner", name: "Robin Alvarez", phone: "+14155550142", propertyIds: [ids.property] },
  Invite: invite,
  CreatedInvite: { ...invite, link: "https://staykey.example.com/invite/iv_9k2m4p6r8t" },
  IcalFeedToken: { token: "ical_5t7v9x1z3b", url: "https://staykey.example.com/ical/cleaner/ical_5t7v9x1z3b.ics" },
  AccountExport: {
    format: "staykey-account-export", version: 1, exportedAt: at(10), account: { id: "acct_01JZ8Q2T4L1R0S3U5V7W9X1Z3A", name: "Seaside Rentals" },
    properties: [property], locks: [lock], stays: [staySummary],
  },
};
