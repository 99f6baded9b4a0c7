export { anchorOfSampleCalendarUrl, sampleCalendarUrl } from "./calendar-url";
export { withDemoFeedHost } from "./demo-fetch";
export { DEMO_CLEANER_EMAIL, DEMO_PROPERTY_NAME } from "./demo-listing";
export { SAMPLE_BOOKINGS, anchorFor, datedBookings, freshAnchor, type SampleBooking } from "./sample-bookings";
export { applySampleGuests } from "./sample-guests";
export { DEMO_HOST_EMAIL, seedDemo, type DemoSeed } from "./seed-demo";
