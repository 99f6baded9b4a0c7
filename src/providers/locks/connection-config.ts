import { z } from "zod";

/** A Seam connection is its API key: the Seam URL is the operator's setting (`SEAM_API_URL`), never a tenant's. */
const seamCredentials = z.object({ apiKey: z.string().min(1).max(500) });
export const seamConnectionConfig = seamCredentials.strict();
/** A stored row may still hold the `baseUrl` tenants could once set: it is dropped here, never followed. */
export const storedSeamConnectionConfig = seamCredentials;

/** What a host stores per lock-provider account; sealed at rest with `connectionAad(id)` as associated data. */
export const homeAssistantConnectionConfig = z.object({ baseUrl: z.url({ protocol: /^https?$/ }), token: z.string().min(1).max(2000) }).strict();

/**
 * A Z-Wave JS connection is where its zwave-js-server listens (Z-Wave JS UI's "WS Server", port 3000 by default). The
 * server has no credentials of its own, so the URL is all there is; it is sealed like the others all the same.
 */
export const zwaveJsConnectionConfig = z.object({ url: z.url({ protocol: /^wss?$/ }).max(500) }).strict();

export type SeamConnectionConfig = z.infer<typeof seamConnectionConfig>;
export type HomeAssistantConnectionConfig = z.infer<typeof homeAssistantConnectionConfig>;
export type ZwaveJsConnectionConfig = z.infer<typeof zwaveJsConnectionConfig>;

export const connectionAad = (id: string) => `connection:${id}`;
