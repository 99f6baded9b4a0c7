import { readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/**
 * Which of `values` occur, as raw bytes, anywhere in the SQLite file or beside it (`-wal`, `-shm`, `-journal`):
 * free pages and old WAL frames included, which no query can see.
 */
export function plaintextFoundIn(databaseFile: string, values: string[]): string[] {
  const dir = dirname(databaseFile);
  const files = readdirSync(dir).filter((f) => f.startsWith(basename(databaseFile))).map((f) => readFileSync(join(dir, f)));
  return values.filter((v) => files.some((bytes) => bytes.includes(Buffer.from(v, "utf8"))));
}
