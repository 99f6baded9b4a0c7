import type { Context } from "hono";
import type { CoreDeps } from "../deps";

/** A guest link as a host pastes it: on STAYKEY_PUBLIC_URL when set, else on the origin this request came to. */
export const guestLinkUrl = (deps: Pick<CoreDeps, "config">, c: Context, path: string) => `${deps.config.STAYKEY_PUBLIC_URL ?? new URL(c.req.url).origin}${path}`;
