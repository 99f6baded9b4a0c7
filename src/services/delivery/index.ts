export { deliverMessage } from "./deliver-message";
export { deliveryProcessors } from "./processors";
export { resendGuestCode, resendMessage } from "./resend-message";
export { runCleanerDigest, scheduleCleanerNotice } from "./schedule-cleaner-notice";
export { cancelGuestMessages, scheduleGuestCodeMessages, scheduleGuestUpdate, type ScheduleResult } from "./schedule-guest-messages";
export { applyInboundSms, applyTwilioStatus } from "./twilio-events";
