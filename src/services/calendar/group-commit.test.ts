import { describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client";
import { inSharedTransaction } from "./group-commit";

function setup() {
  const db = openDatabase(":memory:", { migrate: false });
  db.$client.exec("CREATE TABLE t (k TEXT PRIMARY KEY)");
  const insert = db.$client.prepare("INSERT INTO t (k) VALUES (?)");
  const keys = () => (db.$client.prepare("SELECT k FROM t ORDER BY k").all() as Array<{ k: string }>).map((r) => r.k);
  return { db, insert, keys };
}

describe("inSharedTransaction", () => {
  it("commits the work of callers in the same turn together, each resolving with its own result", async () => {
    const { db, insert, keys } = setup();
    const seen: boolean[] = [];
    const results = await Promise.all(
      ["a", "b", "c"].map((k) =>
        inSharedTransaction(db, () => {
          seen.push(db.$client.inTransaction);
          insert.run(k);
          return keys().length;
        }),
      ),
    );
    // Each work sees the writes of the ones before it: one transaction, not three.
    expect(results).toEqual([1, 2, 3]);
    expect(seen).toEqual([true, true, true]);
    expect(keys()).toEqual(["a", "b", "c"]);
  });

  it("rolls back and rejects only the caller whose work threw", async () => {
    const { db, insert, keys } = setup();
    const outcomes = await Promise.allSettled([
      inSharedTransaction(db, () => insert.run("a")),
      inSharedTransaction(db, () => {
        insert.run("b");
        insert.run("a"); // duplicate key: this caller's "b" must go too
      }),
      inSharedTransaction(db, () => insert.run("c")),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(keys()).toEqual(["a", "c"]);
  });

  it("starts a new batch after a commit, so a later caller is not held back", async () => {
    const { db, insert, keys } = setup();
    await inSharedTransaction(db, () => insert.run("a"));
    expect(keys()).toEqual(["a"]);
    await inSharedTransaction(db, () => insert.run("b"));
    expect(keys()).toEqual(["a", "b"]);
  });
});
