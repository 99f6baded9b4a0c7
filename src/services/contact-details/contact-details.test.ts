import { describe, expect, it } from "vitest";
import { createSecretBox, DecryptError } from "../../lib/crypto";
import { openContact, openRecipient, openStay, openUserEmail, phoneHashes, sealContactDetails, sealGuestContact, sealRecipient, sealUserEmail, userEmailHashes } from "./contact-details";

const box = createSecretBox("contact-secret-contact-secret-contact-1");
const rotated = createSecretBox("contact-secret-contact-secret-contact-2", ["contact-secret-contact-secret-contact-1"]);
const PHONE = "+14155550123";
const EMAIL = "ann@example.com";

describe("sealed contact details", () => {
  it("opens a guest's phone and email on their own stay, and on no other stay or field", () => {
    const sealed = sealGuestContact(box, "stay_a", { guestPhone: PHONE, guestEmail: EMAIL });
    expect(sealed.guestPhoneEnc).not.toContain(PHONE);
    expect(openStay(box, { id: "stay_a", ...sealed } as never)).toMatchObject({ guestPhone: PHONE, guestEmail: EMAIL });
    expect(() => openStay(box, { id: "stay_b", ...sealed } as never)).toThrow(DecryptError);
    expect(() => openStay(box, { id: "stay_a", guestPhoneEnc: sealed.guestEmailEnc, guestEmailEnc: null } as never)).toThrow(DecryptError);
    // A stay's phone copied onto a contact, or a contact's onto a message, does not open either.
    expect(() => openContact(box, { id: "stay_a", phoneEnc: sealed.guestPhoneEnc, emailEnc: null } as never)).toThrow(DecryptError);
    const contact = sealContactDetails(box, "ctc_a", { phone: PHONE });
    expect(() => openRecipient(box, { id: "ctc_a", recipientEnc: contact.phoneEnc! })).toThrow(DecryptError);
  });

  it("leaves a field it was not given alone, and clears one given as null", () => {
    expect(sealGuestContact(box, "stay_a", { guestEmail: null })).toEqual({ guestEmailEnc: null });
    expect(sealContactDetails(box, "ctc_a", {})).toEqual({});
    expect(openStay(box, { id: "stay_a", guestPhoneEnc: null, guestEmailEnc: null, legacyGuestPhone: null } as never)).toEqual({ id: "stay_a", guestPhone: null, guestEmail: null });
  });

  it("hashes and keeps an email in one spelling, however it was typed", () => {
    const sealed = sealUserEmail(box, "user_a", " Ann@Example.COM ");
    expect(userEmailHashes(box, "ann@example.com")).toEqual([sealed.emailHash]);
    expect(openUserEmail(box, { id: "user_a", emailEnc: sealed.emailEnc! })).toBe("ann@example.com");
  });

  it("still opens and still finds what was sealed and hashed before STAYKEY_SECRET was rotated", () => {
    const recipient = sealRecipient(box, "msg_a", PHONE);
    expect(openRecipient(rotated, { id: "msg_a", recipientEnc: recipient })).toBe(PHONE);
    expect(userEmailHashes(rotated, EMAIL)).toContain(sealUserEmail(box, "user_a", EMAIL).emailHash);
    expect(phoneHashes(rotated, PHONE)).toEqual([...phoneHashes(createSecretBox("contact-secret-contact-secret-contact-2"), PHONE), ...phoneHashes(box, PHONE)]);
  });

  it("hashes a phone number without the spaces, dashes and brackets a host may have typed", () => {
    expect(phoneHashes(box, "+1 (415) 555-0123")).toEqual(phoneHashes(box, PHONE));
    expect(phoneHashes(box, PHONE)).not.toEqual(phoneHashes(box, "+14155550124"));
  });
});
