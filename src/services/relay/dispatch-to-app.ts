import { RelayDispatchError, type RelayEvent } from "./relay-event";

/** What `app.request` from Hono offers; typed structurally so this file does not depend on the routes. */
export type AppRequest<Env = unknown> = (path: string, init: RequestInit, env?: Env) => Response | Promise<Response>;

/**
 * A dispatch that replays the original request (same path, signature headers and raw body) into the app's
 * own webhook routes, so home re-verifies the provider's signature instead of trusting the relay.
 * `env` is passed through to `app.request`, which is how an in-process caller can tell a route "this came
 * from the relay, received at X" without a header anyone on the network could also send.
 *
 * 2xx is done; 4xx other than 408/429 is the app refusing the request for good; anything else is retried.
 */
export function dispatchToApp<Env>(request: AppRequest<Env>, env?: (event: RelayEvent) => Env) {
  return async (event: RelayEvent): Promise<void> => {
    const response = await request(event.path, { method: event.method, headers: event.headers, body: event.body }, env?.(event));
    await response.body?.cancel();
    if (response.ok) return;
    const permanent = response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429;
    throw new RelayDispatchError(`${event.path} answered HTTP ${response.status}`, permanent);
  };
}
