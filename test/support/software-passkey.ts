import { createHash, generateKeyPairSync, randomBytes, sign } from "node:crypto";
import { isoBase64URL, isoCBOR } from "@simplewebauthn/server/helpers";
import type { CoreDeps } from "../../src/deps";
import { passkeys } from "../../src/db/schema";

const sha256 = (data: Buffer | string) => createHash("sha256").update(data).digest();

/**
 * A discoverable ES256 passkey held in the test, registered straight into the passkeys table, whose sign counter
 * stays at 0 as many platform authenticators' do: with no counter to catch a replay, only the server's own record of
 * used challenges can. It signs whatever challenge it is given, with user presence and verification set.
 */
export function softwarePasskey(deps: Pick<CoreDeps, "db" | "clock">, userId: string) {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const jwk = publicKey.export({ format: "jwk" });
  const cose = new Map<number, number | Uint8Array>([
    [1, 2], [3, -7], [-1, 1],
    [-2, isoBase64URL.toBuffer(jwk.x!)], [-3, isoBase64URL.toBuffer(jwk.y!)],
  ]);
  const id = randomBytes(16).toString("base64url");
  deps.db.insert(passkeys).values({ id, userId, name: "Software key", publicKey: isoBase64URL.fromBuffer(isoCBOR.encode(cose)), counter: 0, transports: null, createdAt: deps.clock.now() }).run();
  return {
    id,
    /** The JSON a browser would post for navigator.credentials.get on `origin`. */
    answer(challenge: string, origin: string): string {
      const clientDataJSON = Buffer.from(JSON.stringify({ type: "webauthn.get", challenge, origin, crossOrigin: false }));
      // rpIdHash, flags (user present 0x01 + user verified 0x04), a sign counter that never moves.
      const authenticatorData = Buffer.concat([sha256(new URL(origin).hostname), Buffer.from([0x05]), Buffer.alloc(4)]);
      const signature = sign("sha256", Buffer.concat([authenticatorData, sha256(clientDataJSON)]), privateKey);
      return JSON.stringify({
        id, rawId: id, type: "public-key", clientExtensionResults: {},
        response: {
          clientDataJSON: clientDataJSON.toString("base64url"), authenticatorData: authenticatorData.toString("base64url"),
          signature: signature.toString("base64url"), userHandle: Buffer.from(userId).toString("base64url"),
        },
      });
    },
  };
}
