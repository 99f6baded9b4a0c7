import type { ClientNode } from "@matter/main";

/** The fabric index staykey's fabric has on that node, as the node's Operational Credentials cluster reported it. */
export function ownFabricIndexOn(peer: ClientNode): { ownFabricIndex?: number } {
  const state = peer.maybeStateOf("operationalCredentials") as { currentFabricIndex?: number } | undefined;
  return typeof state?.currentFabricIndex === "number" ? { ownFabricIndex: state.currentFabricIndex } : {};
}
