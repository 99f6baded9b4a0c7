import { describe, expect, it } from "vitest";
import { RECORD_ID_PATTERN } from "../jobs/definitions";
import { newId } from "./ids";

describe("newId", () => {
  it("sorts in creation order even within one millisecond", () => {
    const ids = Array.from({ length: 2000 }, () => newId("stay"));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("is accepted as a job payload id", () => {
    expect(newId("code")).toMatch(RECORD_ID_PATTERN);
  });
});
