/** The associated data a feed URL is sealed to: its own row, so a ciphertext copied to another feed does not open. */
export const feedUrlAd = (feedId: string) => `feed:${feedId}`;
