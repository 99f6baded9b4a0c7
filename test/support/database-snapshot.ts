import type { CoreDeps } from "../../src/deps";

/**
 * Every row of every table but `except`, in rowid order: to prove a refused or foreign request wrote nothing anywhere,
 * including tables added after the test was written.
 */
export function everyTable(deps: Pick<CoreDeps, "db">, except: readonly string[] = []): string {
  const sqlite = deps.db.$client;
  const tables = sqlite.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name").all() as { name: string }[];
  return JSON.stringify(tables.filter((t) => !except.includes(t.name)).map((t) => [t.name, sqlite.prepare(`select * from "${t.name}" order by rowid`).all()]));
}

/** Two problem answers are the same when they differ only in the id they name and the request id. */
export const sameProblemAs = (body: unknown, id: string) =>
  typeof body === "object" && body !== null ? { ...body, requestId: "<rid>", detail: String((body as { detail?: unknown }).detail).replace(id, "<id>") } : body;
