import { z } from "zod";

/** What a host stores per lock-provider account; sealed at rest with `connectionAad(id)` as associated data. */
export const seamConnectionConfig = z.object({ apiKey: z.string().min(1).max(500), baseUrl: z.url().optional() }).strict();
export const homeAssistantConnectionConfig = z.object({ baseUrl: z.url(), token: z.string().min(1).max(2000) }).strict();

export const connectionAad = (id: string) => `connection:${id}`;
