import type { SecretBox } from "../../lib/crypto";
import { constantTimeEqual } from "../../lib/crypto";

/**
 * The guest page's two links: a property's stable check-in link (`/checkin/<token>`, pasted once into the platforms'
 * scheduled messages) and a stay's own link (`/g/<token>`). A token is the row id and a 128-bit keyed MAC over the
 * account, the kind and the id: nothing to store or seal, the same link every time the host copies it, and one that
 * cannot be made for a stay without STAYKEY_SECRET. After a secret rotation links made under the previous secret keep
 * working (`hashes`), and new links use the new one.
 */
type LinkKind = "checkin" | "stay";

const MAC_HEX = 32; // 128 bits

const macs = (box: SecretBox, kind: LinkKind, accountId: string, id: string) =>
  box.hashes(`guest-link:${kind}:${accountId}:${id}`).map((h) => h.slice(0, MAC_HEX));

function tokenFor(box: SecretBox, kind: LinkKind, row: { id: string; accountId: string }): string {
  return `${row.id}.${box.hash(`guest-link:${kind}:${row.accountId}:${row.id}`).slice(0, MAC_HEX)}`;
}

export const checkinToken = (box: SecretBox, property: { id: string; accountId: string }) => tokenFor(box, "checkin", property);
export const stayGuestToken = (box: SecretBox, stay: { id: string; accountId: string }) => tokenFor(box, "stay", stay);

export const checkinPath = (box: SecretBox, property: { id: string; accountId: string }) => `/checkin/${checkinToken(box, property)}`;
export const stayGuestPath = (box: SecretBox, stay: { id: string; accountId: string }) => `/g/${stayGuestToken(box, stay)}`;

/** The id a token names, before its MAC is checked against the row's account (`verifyLinkToken`); null when malformed. */
export function linkTokenId(token: string): string | null {
  const m = /^([a-z]{2,5}_[0-9a-z]{1,60})\.([0-9a-f]{32})$/.exec(token);
  return m ? m[1]! : null;
}

export function verifyLinkToken(box: SecretBox, kind: LinkKind, token: string, row: { id: string; accountId: string }): boolean {
  const given = token.slice(token.lastIndexOf(".") + 1);
  // Every candidate is compared, so the time taken says nothing about which key (if any) matched.
  return macs(box, kind, row.accountId, row.id).reduce((ok, mac) => constantTimeEqual(mac, given) || ok, false);
}

