import { describe, expect, it } from "vitest";
import { maskRecipient } from "./mask-recipient";

describe("maskRecipient", () => {
  it("keeps the country prefix and last four digits of a phone number", () => {
    expect(maskRecipient("+14155550123")).toBe("+1•••••0123");
  });

  it("hides the same amount whatever the number's length", () => {
    expect(maskRecipient("+4930123456789")).toBe("+4•••••6789");
  });

  it("keeps the first letter and the domain of an email", () => {
    expect(maskRecipient("jane.doe@example.com")).toBe("j•••••@example.com");
  });

  it("shows nothing of a recipient too short to mask meaningfully", () => {
    expect(maskRecipient("12345")).toBe("•••••");
  });
});
