import type { ServerNode } from "@matter/main";
import { DoorLockClient } from "@matter/main/behaviors/door-lock";
import { DoorLock } from "@matter/main/clusters/door-lock";
import { ownFabricIndexOn } from "./own-fabric-index";

type UserCommands = {
  getUser(r: DoorLock.GetUserRequest): Promise<DoorLock.GetUserResponse>;
  clearUser(r: DoorLock.ClearUserRequest): Promise<void>;
  clearCredential(r: DoorLock.ClearCredentialRequest): Promise<void>;
};

/** What leaving did, per paired node: how many of staykey's users it cleared, and whether the node was reached at all. */
export interface LeftNode {
  peer: string;
  cleared: number;
  reached: boolean;
}

/**
 * Takes staykey off every lock of this controller's fabric: first every user staykey's fabric created (the lock
 * records each user's creator fabric, so the host's own codes are never touched) with its credentials, then
 * staykey's fabric itself (`RemoveFabric` on the node's Operational Credentials, through matter.js's decommission).
 * A node that does not answer is forgotten locally all the same: its owner is told to remove staykey in their app.
 */
export async function leaveFabric(controller: ServerNode, timeoutMs = 30_000): Promise<LeftNode[]> {
  const out: LeftNode[] = [];
  for (const peer of [...controller.peers]) {
    // Devices matter.js met while looking for the one a pairing code named are peers too, never commissioned: no fabric to leave.
    if (!peer.lifecycle.isCommissioned) {
      await peer.delete().catch(() => undefined);
      continue;
    }
    const own = ownFabricIndexOn(peer).ownFabricIndex;
    let cleared = 0;
    const leave = async () => {
      for (const ep of peer.endpoints) {
        if (ep.number === undefined || own === undefined || !ep.behaviors.has(DoorLockClient)) continue;
        const commands = ep.commandsOf(DoorLockClient) as unknown as UserCommands;
        for (let index: number | null = 1; index !== null;) {
          const user = await commands.getUser({ userIndex: index });
          if (user.userStatus !== null && user.creatorFabricIndex === own) {
            // A user left without its credential first keeps the credential on some locks (matter.js among them).
            for (const credential of user.credentials ?? []) await commands.clearCredential({ credential });
            await commands.clearUser({ userIndex: index });
            cleared++;
          }
          index = user.nextUserIndex ?? null;
        }
      }
      await peer.decommission();
    };
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([leave(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error("timeout")), timeoutMs)))]);
      out.push({ peer: String(peer.id), cleared, reached: true });
    } catch {
      await peer.delete().catch(() => undefined);
      out.push({ peer: String(peer.id), cleared, reached: false });
    } finally {
      clearTimeout(timer);
    }
  }
  return out;
}
