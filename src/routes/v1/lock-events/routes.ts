import { createRoute, z } from "@hono/zod-openapi";
import { accessLogCsvPage, listLockEvents, type LockEventFilters } from "../../../services/door/list-lock-events";
import { simulateKeypad } from "../../../services/door/simulate-keypad";
import { errorResponses, idParam, jsonBody, jsonResponse } from "../../common-schemas";
import type { ApiApp } from "../../env";
import { listQuery, pageOf } from "../../pagination";
import { omit, toWire } from "../../serialize";
import type { ServiceDeps } from "../../../services/deps";
import { keypadInput, keypadResult, lockEvent, lockEventFilters } from "./schema";

const tags = ["Door activity"];
/** The export is for a person's spreadsheet: the newest this many, narrowed by the filters. */
const CSV_MAX_ROWS = 10_000;

const csvQuery = lockEventFilters.extend({
  limit: z.coerce.number().int().min(1).max(CSV_MAX_ROWS).default(CSV_MAX_ROWS).openapi({ description: `Rows per file (1–${CSV_MAX_ROWS})` }),
  cursor: z.string().max(64).optional().openapi({ description: "`X-Next-Cursor` from the previous file" }),
}).strict();

const filtersOf = (q: z.infer<typeof lockEventFilters>): LockEventFilters => ({
  ...q, from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined,
});

export function registerLockEvents(app: ApiApp, deps: ServiceDeps) {
  const { db } = deps;

  app.openapi(
    createRoute({
      method: "get",
      path: "/lock-events",
      tags,
      summary: "The access log: what each lock reported (unlocks by whose code, locks, wrong codes, tampering), oldest first",
      request: { query: listQuery(lockEventFilters) },
      responses: { 200: jsonResponse(pageOf(lockEvent), "Lock events"), ...errorResponses },
    }),
    (c) => {
      const { accountId, propertyIds } = c.get("auth");
      const q = c.req.valid("query");
      const p = listLockEvents(db, accountId, { ...filtersOf(q), limit: q.limit, ...(q.cursor ? { cursor: q.cursor } : {}) }, propertyIds);
      return c.json({ data: p.data.map((r) => toWire(omit(r, "accountId"))), nextCursor: p.nextCursor }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/locks/{id}/keypad",
      tags,
      summary: "Type a PIN at a simulated lock's keypad (demo): it opens for a code it holds now, and reports the unlock or the refusal like a real lock",
      request: { params: idParam("Lock", "lock_0abc"), ...jsonBody(keypadInput) },
      responses: { 200: jsonResponse(keypadResult, "What the lock did"), ...errorResponses },
    }),
    async (c) => {
      const { outcome, event } = await simulateKeypad(deps, c.get("auth").accountId, c.req.valid("param").id, c.req.valid("json").pin);
      return c.json({ outcome, event: event ? toWire(omit(event, "accountId")) : null }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/lock-events/export.csv",
      tags,
      summary: `The access log as CSV, oldest first, times in each property's zone and in UTC; pages of up to ${CSV_MAX_ROWS} rows, the next page's cursor in X-Next-Cursor`,
      request: { query: csvQuery },
      responses: {
        200: { description: "CSV", headers: { "X-Next-Cursor": { schema: { type: "string" }, description: "Present when more rows follow: pass it as `cursor`" } }, content: { "text/csv": { schema: z.string() } } },
        ...errorResponses,
      },
    }),
    (c) => {
      const { accountId, propertyIds } = c.get("auth");
      const { limit, cursor, ...filters } = c.req.valid("query");
      const { csv, nextCursor } = accessLogCsvPage(db, accountId, { ...filtersOf(filters), limit, ...(cursor ? { cursor } : {}) }, propertyIds);
      const headers: Record<string, string> = { "content-type": "text/csv; charset=utf-8", "content-disposition": 'attachment; filename="access-log.csv"' };
      if (nextCursor) headers["x-next-cursor"] = nextCursor;
      return c.body(csv, 200, headers);
    },
  );
}
