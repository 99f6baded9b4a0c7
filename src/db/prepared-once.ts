/**
 * `preparedOnce(build)` gives a function returning `build(db)`'s result, built once per database. For queries on hot
 * paths (every sync, every job): building a drizzle query or preparing a statement cost more than running it.
 */
export function preparedOnce<D extends object, Q>(build: (db: D) => Q): (db: D) => Q {
  const cache = new WeakMap<D, Q>();
  return (db) => {
    let query = cache.get(db);
    if (query === undefined) {
      query = build(db);
      cache.set(db, query);
    }
    return query;
  };
}
