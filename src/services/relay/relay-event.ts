import { z } from "zod";

/**
 * A webhook as the edge relay received it: the original path, the headers needed to re-verify its signature,
 * and the raw body, so replaying it into the app's own webhook routes re-checks the provider's signature.
 */
export const relayEventSchema = z.object({
  id: z.string().min(1),
  seq: z.number().int().positive(),
  source: z.enum(["twilio-status", "twilio-inbound", "seam"]),
  providerEventId: z.string().min(1),
  method: z.literal("POST"),
  path: z.string().startsWith("/webhooks/"),
  /** The public URL the provider signed (the relay's, not home's). */
  url: z.string().url(),
  headers: z.record(z.string(), z.string()),
  body: z.string(),
  /** When the edge accepted it; the edge already enforced Svix's timestamp window at that moment. */
  receivedAt: z.iso.datetime(),
});

export type RelayEvent = z.infer<typeof relayEventSchema>;

export const relayPageSchema = z.object({
  events: z.array(relayEventSchema),
  cursor: z.number().int().nonnegative(),
});

export type RelayPage = z.infer<typeof relayPageSchema>;

/**
 * Thrown by a dispatch function. `permanent` (the app refused the request, e.g. 4xx) means retrying cannot
 * help: the event is acknowledged and logged instead of blocking every event behind it.
 */
export class RelayDispatchError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = "RelayDispatchError";
  }
}
