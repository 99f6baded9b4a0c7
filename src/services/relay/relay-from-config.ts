import type { Config } from "../../config";
import { createRelayPuller, type RelayPuller, type RelayPullerOptions } from "./relay-puller";

/** The puller `staykey serve` starts, or undefined when the relay is not configured (both settings needed). */
export function relayPullerFromConfig(
  config: Pick<Config, "STAYKEY_RELAY_URL" | "STAYKEY_RELAY_TOKEN">,
  deps: Omit<RelayPullerOptions, "relayUrl" | "token">,
): RelayPuller | undefined {
  if (!config.STAYKEY_RELAY_URL || !config.STAYKEY_RELAY_TOKEN) return undefined;
  return createRelayPuller({ ...deps, relayUrl: config.STAYKEY_RELAY_URL, token: config.STAYKEY_RELAY_TOKEN });
}
