import { describe, expect, it } from "vitest";
import { properties } from "../db/schema";
import { testDeps } from "../../test/support/test-deps";
import { ServiceError } from "./errors";
import { findProperty, lookups } from "./lookups";

describe("account-scoped lookups", () => {
  it("finds a row in its account, and answers another account's id exactly like a missing one", () => {
    const { db, clock } = testDeps();
    const now = clock.now();
    db.$client.prepare("insert into accounts (id, name, created_at) values ('acct_a', 'A', 0), ('acct_b', 'B', 0)").run();
    db.insert(properties).values({ id: "prop_1", accountId: "acct_a", name: "Cabin", timezone: "Europe/Lisbon", createdAt: now, updatedAt: now }).run();
    expect(findProperty(db, "acct_a", "prop_1").name).toBe("Cabin");
    const theirs = (() => { try { findProperty(db, "acct_b", "prop_1"); } catch (e) { return e; } })() as ServiceError;
    const missing = (() => { try { findProperty(db, "acct_b", "prop_2"); } catch (e) { return e; } })() as ServiceError;
    expect(theirs).toBeInstanceOf(ServiceError);
    expect([theirs.kind, theirs.message]).toEqual(["not_found", "property prop_1 does not exist"]);
    expect([missing.kind, missing.message]).toEqual(["not_found", "property prop_2 does not exist"]);
    expect(lookups.property.maybe(db, "acct_b", "prop_1")).toBeUndefined();
  });
});
