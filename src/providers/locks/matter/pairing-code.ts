import { ManualPairingCodeCodec, QrPairingCodeCodec } from "@matter/main/types";

/** What commissioning needs from a pairing code: the setup passcode and the discriminator that finds the device. */
export type MatterPairing = { passcode: number; discriminator: number } | { passcode: number; shortDiscriminator: number };

/**
 * Reads the code a host's ecosystem app shows when it opens a pairing window ("Share device", "Turn on pairing mode"):
 * the 11-digit manual pairing code (dashes and spaces allowed) or the `MT:` QR payload. Both carry a check digit, so a
 * mistyped code is refused here with a reason instead of a 30-second search for a device that is not there.
 */
export function parsePairingCode(code: string): MatterPairing | { error: string } {
  const text = code.trim();
  try {
    if (/^MT:/i.test(text)) {
      const [first] = QrPairingCodeCodec.decode(text.toUpperCase());
      if (!first) return { error: "the QR payload holds no device" };
      return { passcode: first.passcode, discriminator: first.discriminator };
    }
    const digits = text.replace(/[\s-]/g, "");
    if (!/^(\d{11}|\d{21})$/.test(digits)) return { error: "expected the 11-digit manual pairing code (or an MT: QR payload)" };
    const decoded = ManualPairingCodeCodec.decode(digits);
    return decoded.discriminator !== undefined
      ? { passcode: decoded.passcode, discriminator: decoded.discriminator }
      : { passcode: decoded.passcode, shortDiscriminator: decoded.shortDiscriminator! };
  } catch {
    return { error: "not a valid Matter pairing code (its check digit does not match)" };
  }
}
