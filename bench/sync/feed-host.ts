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
for (let i = 0; i < feeds; i++) server.set(`/calendar/ical/${i}.ics`, { body: airbnbYearFeed(i, { from }), etag: true });
process.stdout.write(`${JSON.stringify({ origin: server.origin })}\n`);
process.stdin.resume();
process.stdin.on("end", () => void server.close().then(() => process.exit(0)));
