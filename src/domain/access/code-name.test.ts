import { describe, expect, it } from "vitest";
import { codeNameToken, codeRefFromName, isOwnCodeName, legacyCodeName, personCodeName } from "./code-name";

const CODE = "code_01jbz8k2m4n6p8q0r2s4t6v8w0";
const OTHER = "code_01jbz8k2m4n6p8q0r2s4t6v8w1";

describe("code names on the lock", () => {
  it("end in a 10-character upper-case token that is the same for the same code and differs between codes", () => {
    expect(codeNameToken(CODE)).toMatch(/^[A-Z2-7]{10}$/);
    expect(codeNameToken(CODE)).toBe(codeNameToken(CODE));
    expect(codeNameToken(OTHER)).not.toBe(codeNameToken(CODE));
    expect(personCodeName("Maya Chen", CODE, 40)).toBe(`Maya Chen · ${codeNameToken(CODE)}`);
  });

  it("shorten the person's name, never the token, to fit the vendor's limit", () => {
    const name = personCodeName("Maximiliana Alexandra Featherstonehaugh-Smythe", CODE, 40);
    expect(name).toHaveLength(40);
    expect(name.endsWith(` · ${codeNameToken(CODE)}`)).toBe(true);
    expect(name.startsWith("Maximiliana Alexandra")).toBe(true);
    // No room for a person at all: the token alone, still recognisable.
    expect(personCodeName("Maya Chen", CODE, 10)).toBe(codeNameToken(CODE));
    expect(personCodeName("   ", CODE, 40)).toBe(codeNameToken(CODE));
    expect(personCodeName("Maya\n  Chen", CODE, 40)).toBe(`Maya Chen · ${codeNameToken(CODE)}`);
  });

  it("are recognised as staykey's own in the new style and the old `staykey <code id>` style, and only for their code", () => {
    for (const name of [personCodeName("Maya Chen", CODE, 40), legacyCodeName(CODE), codeNameToken(CODE)]) {
      expect(isOwnCodeName(name, CODE)).toBe(true);
      expect(isOwnCodeName(name, OTHER)).toBe(false);
    }
    expect(codeRefFromName(legacyCodeName(CODE))).toEqual({ codeId: CODE });
    expect(codeRefFromName(personCodeName("Maya Chen", CODE, 40))).toEqual({ token: codeNameToken(CODE) });
    // The owner's own codes, named in the lock maker's app, are nobody's.
    for (const name of ["Front door master", "Maya Chen", "Maya · cleaner", "staykey", ""]) expect(codeRefFromName(name)).toBeUndefined();
  });
});
