import { messageBodyAssociatedData, type MessageRow } from "./message-rows";
import type { ServiceDeps } from "../deps";

/**
 * Whether a message already sent told its reader this window. The row keeps no structured copy of what it said, so
 * the rendered window text is looked for in its body: a re-call after a change that did not move the window (a
 * guest's email was added, a version bump for another reason) then sends no pointless "update".
 */
export function bodyAnnounces(deps: Pick<ServiceDeps, "box">, row: MessageRow, window: { from: string; until: string }): boolean {
  const body = deps.box.decrypt(row.bodyEnc, messageBodyAssociatedData(row.id));
  return body.includes(window.from) && body.includes(window.until);
}
