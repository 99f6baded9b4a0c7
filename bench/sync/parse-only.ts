import ical from "node-ical";
import { parseFeed } from "../../src/domain/calendar";
import { airbnbYearFeed } from "./airbnb-year";

/**
 * The parse-only baselines, in a process of their own so the garbage of parsing 2,000 feeds does not inflate the
 * sync process's heap and RSS. Same bytes as the feed host serves (same generator, same arguments). Prints one JSON
 * line: feeds/s for node-ical's parse alone and for staykey's parseFeed, the total body size, and node-ical's CPU ms
 * per feed.
 */
const feeds = Number(process.argv[2] ?? 2000);
const from = process.argv[3] ?? "2026-01-02";
const now = new Date(process.argv[4] ?? "2026-01-01T12:00:00Z");
const rate = (n: number, ms: number) => Math.round((n / ms) * 1000);

let nodeIcal = 0;
let domain = 0;
// CPU as well as wall time: on a machine shared with other work the wall time swings with the load, the CPU per feed
// much less, so the sync's CPU per feed can be set against node-ical's in any time slot.
let nodeIcalCpu = 0;
let bytes = 0;
// In batches of 100 so the baseline does not hold all 42 MB at once; only the parse calls are timed.
for (let at = 0; at < feeds; at += 100) {
  const bodies = Array.from({ length: Math.min(100, feeds - at) }, (_, i) => Buffer.from(airbnbYearFeed(at + i, { from })));
  bytes += bodies.reduce((sum, b) => sum + b.length, 0);
  let t = performance.now();
  const cpu = process.cpuUsage();
  for (const body of bodies) ical.sync.parseICS(body.toString("utf8"));
  nodeIcal += performance.now() - t;
  const used = process.cpuUsage(cpu);
  nodeIcalCpu += (used.user + used.system) / 1000;
  t = performance.now();
  for (const body of bodies) parseFeed(body, { now });
  domain += performance.now() - t;
}
process.stdout.write(`${JSON.stringify({ nodeIcal: rate(feeds, nodeIcal), domain: rate(feeds, domain), bytes, nodeIcalCpuMs: nodeIcalCpu / feeds })}\n`);
