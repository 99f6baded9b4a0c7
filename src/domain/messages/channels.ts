/** How a message reaches its recipient; the database column takes its values from here. */
export const MESSAGE_CHANNELS = ["sms", "email"] as const;
export type Channel = (typeof MESSAGE_CHANNELS)[number];
