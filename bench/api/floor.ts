/**
 * The floor for `GET /api/v1/stays?limit=50`: in one process, the page's SQL as a statement prepared once plus
 * `JSON.stringify` of the rows, served by a bare `node:http` handler. Nothing staykey does per request (auth,
 * validation, mapping, logging) is here, so it is what the API could cost at best on this machine.
 * Run by bench/api/run.ts: `tsx bench/api/floor.ts <db file> <account id> <port>`.
 */
import { createServer } from "node:http";
import Database from "better-sqlite3";

const [file, accountId, port] = process.argv.slice(2) as [string, string, string];
const db = new Database(file, { readonly: true });
const page = db.prepare("select * from stays where account_id = ? order by id limit 51");
createServer((_req, res) => {
  const rows = page.all(accountId) as Array<{ id: string }>;
  const data = rows.slice(0, 50);
  const body = JSON.stringify({ data, nextCursor: rows.length > 50 ? data[49]!.id : null });
  res.writeHead(200, { "content-type": "application/json" });
  res.end(body);
}).listen(Number(port), "127.0.0.1", () => process.send?.("ready"));
