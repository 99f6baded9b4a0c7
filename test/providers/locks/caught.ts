import { expect } from "vitest";
import { ProviderError } from "../../../src/providers/locks/provider-error";

/** Awaits a call that must fail with a typed provider error and returns it for closer assertions. */
export async function caught(p: Promise<unknown>): Promise<ProviderError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ProviderError);
    return e as ProviderError;
  }
  throw new Error("expected a ProviderError");
}
