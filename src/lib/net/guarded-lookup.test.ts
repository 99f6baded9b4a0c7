import type { LookupAddress } from "node:dns";
import { describe, expect, it } from "vitest";
import { parseAllowList } from "./address-policy";
import { BLOCKED_ADDRESS_CODE, createGuardedLookup, type Resolver } from "./guarded-lookup";

const table: Record<string, string[]> = {
  "public.test": ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"],
  "loopback.test": ["127.0.0.1"],
  "mixed.test": ["93.184.215.14", "10.0.0.7"],
  "metadata.test": ["169.254.169.254"],
};
const fakeDns: Resolver = async (hostname) => {
  const found = table[hostname];
  if (!found) throw Object.assign(new Error("not found"), { code: "ENOTFOUND" });
  return found.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
};

interface LookupOutcome {
  err: NodeJS.ErrnoException | null;
  address: string | LookupAddress[];
  family?: number;
}

function lookup(host: string, options: object, allow?: string): Promise<LookupOutcome> {
  const guarded = createGuardedLookup({ resolver: fakeDns, allowList: parseAllowList(allow) });
  return new Promise((resolve) => guarded(host, options, (err, address, family) => resolve({ err, address, family })));
}

describe("createGuardedLookup", () => {
  it("hands back public addresses in the shape node asks for", async () => {
    expect(await lookup("public.test", { all: true })).toEqual({
      err: null,
      address: [
        { address: "93.184.215.14", family: 4 },
        { address: "2606:2800:21f:cb07:6820:80da:af6b:8b2c", family: 6 },
      ],
      family: undefined,
    });
    expect(await lookup("public.test", {})).toMatchObject({ err: null, address: "93.184.215.14", family: 4 });
    expect(await lookup("public.test", { family: 6 })).toMatchObject({ address: "2606:2800:21f:cb07:6820:80da:af6b:8b2c", family: 6 });
  });

  it("refuses a name that resolves to loopback or cloud metadata, returning no address to connect to", async () => {
    for (const host of ["loopback.test", "metadata.test"]) {
      const outcome = await lookup(host, { all: true });
      expect(outcome.err?.code).toBe(BLOCKED_ADDRESS_CODE);
      expect(outcome.address).toBe("");
    }
  });

  it("refuses the whole answer when any address is private, as a rebinding answer would be", async () => {
    const outcome = await lookup("mixed.test", { all: true });
    expect(outcome.err?.code).toBe(BLOCKED_ADDRESS_CODE);
    expect(outcome.err?.message).toContain("10.0.0.7");
  });

  it("lets an allow-listed host or network through", async () => {
    expect((await lookup("loopback.test", {}, "loopback.test")).address).toBe("127.0.0.1");
    expect((await lookup("mixed.test", {}, "10.0.0.0/8")).err).toBeNull();
    expect((await lookup("metadata.test", {}, "10.0.0.0/8")).err?.code).toBe(BLOCKED_ADDRESS_CODE);
  });

  it("reports resolver failures as DNS errors with their code", async () => {
    expect((await lookup("nowhere.test", {})).err?.code).toBe("ENOTFOUND");
    expect((await lookup("loopback.test", { family: 6 })).err?.code).toBe("ENOTFOUND");
  });
});
