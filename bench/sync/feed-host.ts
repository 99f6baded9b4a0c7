import { createHash } from "node:crypto";
import { startFeedServer } from "../../test/peers/feed-server";
import { airbnbYearFeed } from "./airbnb-year";

/**
 * The platforms' side of the benchmark, in its own process so serving HTTP does not compete with the sync for the
 * benchmark process's event loop and its RSS is not counted against staykey. Prints its origin, then serves until
 * stdin closes.
 */
const feeds = Number(process.argv[2] ?? 2000);
const from = process.argv[3] ?? "2026-01-02";
const server = await startFeedServer();
// Bytes and ETag computed once, as a platform's CDN would: re-encoding and hashing 25 KB per request made the host,
// not staykey, the bottleneck of the unchanged (304) phase on a 2-core machine.
for (let i = 0; i < feeds; i++) {
  const body = Buffer.from(airbnbYearFeed(i, { from }), "utf8");
  server.set(`/calendar/ical/${i}.ics`, { body, etag: `"${createHash("sha1").update(body).digest("hex").slice(0, 16)}"` });
}
process.stdout.write(`${JSON.stringify({ origin: server.origin })}\n`);
process.stdin.resume();
process.stdin.on("end", () => void server.close().then(() => process.exit(0)));
