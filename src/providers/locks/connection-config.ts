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

/**
 * A Matter connection is made from the pairing code of a window the host opened in the app that already controls the
 * lock (manual code or `MT:` QR payload). The code is used once to commission and never stored: what is stored, sealed,
 * is staykey's controller state for the fabric (`matterStoredConfig`), written by the controller itself.
 */
export const matterConnectionConfig = z.object({ pairingCode: z.string().trim().min(11).max(200) }).strict();
export const matterStoredConfig = z.object({ fabric: z.string().nullable() });

export type SeamConnectionConfig = z.infer<typeof seamConnectionConfig>;
export type HomeAssistantConnectionConfig = z.infer<typeof homeAssistantConnectionConfig>;
export type ZwaveJsConnectionConfig = z.infer<typeof zwaveJsConnectionConfig>;
export type MatterConnectionConfig = z.infer<typeof matterConnectionConfig>;

export const connectionAad = (id: string) => `connection:${id}`;
