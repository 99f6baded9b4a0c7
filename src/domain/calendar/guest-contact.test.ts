import { describe, expect, it } from "vitest";
import { feedContactChange, readGuestContact } from "./guest-contact";

/**
 * DESCRIPTION bodies in the shapes PMS exports use (one `Label: value` per line, as node-ical unescapes them), with
 * made-up guests. The labels are Rental Control's plus the PMS spellings of the same fields.
 */
const SHAPES = {
  ownerrez: "Name: Jordan Blake\nEmail: jordan.blake@example.com\nPhone: +1 (415) 555-0199\nGuests: 4\nBooked via: VRBO",
  hostaway: "Guest Name: Ana Souza\nGuest Email: ana.souza@example.org\nGuest Phone: +55 11 91234-5678\nNumber of Guests: 3",
  guesty: "Guest: Lukas Meyer\nPhone Number: 0049 151 23456789\nE-mail: lukas.meyer@example.de\nAdults: 2\nChildren: 1",
  lodgify: "Reservation #88123\nName: Claire Martin\nMobile: +33 6 12 34 56 78\nEmail Address: claire@example.fr\nAdults: 2",
  smoobu: "Phone: +44 7700 900123\nEmail: guest-7@example.co.uk\nGuests: 2",
};

describe("readGuestContact", () => {
  it("reads phone, email, guest count and name from each PMS shape", () => {
    expect(readGuestContact(SHAPES.ownerrez)).toEqual({ guestPhone: "+14155550199", phoneLast4: "0199", guestEmail: "jordan.blake@example.com", guestCount: 4, guestName: "Jordan Blake" });
    expect(readGuestContact(SHAPES.hostaway)).toMatchObject({ guestPhone: "+5511912345678", guestEmail: "ana.souza@example.org", guestCount: 3, guestName: "Ana Souza" });
    expect(readGuestContact(SHAPES.guesty)).toMatchObject({ guestPhone: "+4915123456789", guestEmail: "lukas.meyer@example.de", guestCount: 3, guestName: "Lukas Meyer" });
    expect(readGuestContact(SHAPES.lodgify)).toMatchObject({ guestPhone: "+33612345678", guestEmail: "claire@example.fr", guestCount: 2, guestName: "Claire Martin" });
    expect(readGuestContact(SHAPES.smoobu)).toEqual({ guestPhone: "+447700900123", phoneLast4: "0123", guestEmail: "guest-7@example.co.uk", guestCount: 2 });
  });

  it("never reads Airbnb's last-4 line as a phone, and guesses no country code", () => {
    expect(readGuestContact("Reservation URL: https://www.airbnb.com/hosting/reservations/details/HMABC12345\nPhone Number (Last 4 Digits): 0187")).toEqual({});
    expect(readGuestContact("Phone: 415 555 0199\nEmail: not-an-email")).toEqual({});
  });
});

describe("feedContactChange", () => {
  const none = { source: null, guestPhone: null, guestEmail: null, guestCount: null } as const;
  it("takes a feed's contact where there is none or the feed gave it, field by field", () => {
    expect(feedContactChange(none, { guestPhone: "+14155550199", guestEmail: "j@example.com" })).toEqual({ guestPhone: "+14155550199", guestEmail: "j@example.com" });
    expect(feedContactChange({ ...none, source: "feed", guestPhone: "+14155550199" }, { guestPhone: "+14155550142" })).toEqual({ guestPhone: "+14155550142" });
    expect(feedContactChange({ ...none, source: "feed", guestPhone: "+14155550199" }, { guestPhone: "+14155550199" })).toEqual({});
  });
  it("never writes over the host's or the guest's contact, and erases nothing", () => {
    for (const source of ["host", "guest"] as const) {
      expect(feedContactChange({ ...none, source, guestPhone: "+14155550100" }, { guestPhone: "+14155550142", guestEmail: "j@example.com" })).toEqual({});
    }
    expect(feedContactChange({ ...none, source: "feed", guestPhone: "+14155550199", guestEmail: "j@example.com" }, {})).toEqual({});
  });
  it("takes the feed's head count whoever gave the contact", () => {
    expect(feedContactChange({ ...none, source: "host", guestCount: 2 }, { guestCount: 4 })).toEqual({ guestCount: 4 });
    expect(feedContactChange({ ...none, guestCount: 4 }, { guestCount: 4 })).toEqual({});
  });
});
