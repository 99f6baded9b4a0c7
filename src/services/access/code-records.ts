import type { Db } from "../../db/client";
import type { CodeInsert, CodeRow } from "../../db/rows";
import { assertTransition } from "../../domain/access";
import type { SecretBox } from "../../lib/crypto";
import type { Clock } from "../../lib/clock";
import type { LockRow } from "../deps";
import { accessQueries } from "./access-queries";
import { updateCodeRow } from "./code-writes";

export type { CodeRow };
export type CodePatch = Partial<Omit<CodeInsert, "id" | "accountId">>;

/** Associated data binding a PIN ciphertext to its code row (the API's PIN endpoint opens it the same way). */
export const codePinAd = (codeId: string) => `code:${codeId}`;

/** Keyed hashes: uniqueness per lock is checked on these, never by decrypting other codes. */
export const pinHashFor = (box: SecretBox, lockId: string, pin: string) => box.hash(`${lockId}:${pin}`);
export const pinPrefixHashFor = (box: SecretBox, lockId: string, pin: string) => box.hash(`${lockId}:prefix:${pin.slice(0, 4)}`);


export function loadCode(db: Db, codeId: string): { code: CodeRow; lock: LockRow } | undefined {
  return accessQueries(db).codeWithLock.get({ codeId }) ?? undefined;
}

export function openPin(box: SecretBox, code: Pick<CodeRow, "id" | "pinEnc">): string {
  return box.decrypt(code.pinEnc, codePinAd(code.id));
}

/**
 * Writes a change to one code, guarded by the state (and version) it was read in, so two jobs racing on the same
 * code cannot both move it. Returns the new version, or null when the code had changed meanwhile (the caller then
 * treats its work as stale). `bump` gives pending jobs for the old version new ids, which makes them stale.
 */
export function updateCode(
  db: Db,
  clock: Clock,
  code: Pick<CodeRow, "id" | "state" | "version">,
  patch: CodePatch,
  opts: { bump?: boolean } = {},
): number | null {
  if (patch.state && patch.state !== code.state) assertTransition(code.state, patch.state);
  const version = opts.bump ? code.version + 1 : code.version;
  return updateCodeRow(db, { ...patch, version, updatedAt: clock.now() }, code) ? version : null;
}
