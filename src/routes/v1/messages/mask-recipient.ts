const DOTS = "•••••";

/**
 * A recipient fit for listings: enough to tell messages apart, not enough to contact anyone.
 * `+14155550123` → `+1•••••0123`, `jane@example.com` → `j•••••@example.com`. The dot count is fixed so the
 * mask does not leak the length.
 */
export function maskRecipient(recipient: string): string {
  const at = recipient.lastIndexOf("@");
  if (at > 0) return `${recipient[0]}${DOTS}${recipient.slice(at)}`;
  if (recipient.length <= 6) return DOTS;
  return `${recipient.slice(0, 2)}${DOTS}${recipient.slice(-4)}`;
}
