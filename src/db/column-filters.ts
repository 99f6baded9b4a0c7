import { eq, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";

/** A list's paging, as `listAccountPage` takes it. */
export interface PageQuery {
  limit: number;
  cursor?: string;
}

/**
 * A list's optional "column equals value" filters, named as the query names them: `{ stayId: accessCodes.stayId }`
 * with `{ stayId: "stay_1" }` gives `stay_id = 'stay_1'`; a filter the query leaves out gives no condition.
 */
export function equalFilters<Q extends object>(columns: Partial<Record<keyof Q, SQLiteColumn>>, query: Q): Array<SQL | undefined> {
  return (Object.keys(columns) as (keyof Q)[]).map((key) => (query[key] === undefined ? undefined : eq(columns[key]!, query[key])));
}

/**
 * The column as an expression SQLite will not look up through an index (`+column`). Without ANALYZE statistics the
 * planner takes any index whose first column a condition names, even when another index holds the narrower range:
 * this keeps a condition a filter. Values compared with it are not mapped by the column (pass instants as epoch ms).
 */
export const unindexed = (column: SQLiteColumn): SQL => sql`+${column}`;
