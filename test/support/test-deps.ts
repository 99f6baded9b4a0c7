import { openDatabase } from "../../src/db/client";
import { loadConfig } from "../../src/config";
import { ManualClock } from "../../src/lib/clock";
import { createSecretBox } from "../../src/lib/crypto";
import { silentLogger } from "../../src/lib/logger";
import type { CoreDeps } from "../../src/deps";

/** The secret box every in-memory test database is sealed with. */
export const testSecretBox = () => createSecretBox("test-secret-test-secret-test-secret-0");

/** Real-but-local deps: a private in-memory SQLite, a fixed secret, a clock tests can move. */
export function testDeps(opts: { now?: string; env?: Record<string, string> } = {}): CoreDeps & { clock: ManualClock } {
  return {
    db: openDatabase(":memory:"),
    box: testSecretBox(),
    clock: new ManualClock(opts.now ?? "2026-11-21T12:00:00Z"),
    logger: silentLogger,
    config: loadConfig({ STAYKEY_DATA_DIR: "/nonexistent", ...opts.env }),
  };
}
