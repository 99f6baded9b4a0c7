/**
 * The last touches on the generated OpenAPI document, in one place so every route (including those added later) gets
 * them: an operationId and a summary on every operation (derived from the method and path when the route did not set
 * them), only the errors an operation can really return (413 only where a body is read; 429 where a limit applies),
 * `servers`, and the routes outside `/api/v1` that integrators call (provider webhooks, a cleaner's iCal feed).
 */

type Operation = {
  operationId?: string;
  summary?: string;
  requestBody?: unknown;
  responses?: Record<string, unknown>;
  tags?: string[];
  [key: string]: unknown;
};
type Document = { paths?: Record<string, Record<string, Operation>>; servers?: unknown[]; [key: string]: unknown };

const METHODS = ["get", "put", "post", "patch", "delete"] as const;
/** Operations a per-client limit applies to (answered 429 with Retry-After). */
const RATE_LIMITED = new Set<string>();

export function finishOpenApiDocument<D extends object>(generated: D, opts: { publicUrl?: string }): D {
  const doc = generated as unknown as Document;
  doc.servers = [{ url: opts.publicUrl ?? "/", description: opts.publicUrl ? "This staykey" : "The host serving this document" }];
  doc.paths = { ...doc.paths, ...OUTSIDE_API };
  const taken = new Set<string>();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      let id = op.operationId ?? operationIdFor(method, path);
      if (taken.has(id)) id = `${id}${capitalize(method)}`;
      taken.add(id);
      op.operationId = id;
      op.summary ??= summaryFor(method, path);
      if (op.responses) {
        if (!op.requestBody) delete op.responses["413"];
        if (RATE_LIMITED.has(`${method.toUpperCase()} ${path}`)) op.responses["429"] ??= { description: "Too many requests; wait for Retry-After" };
      }
    }
  }
  return generated;
}

const words = (segment: string) => segment.split(/[-_.]/).filter(Boolean);
const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const camel = (parts: string[]) => parts.map((p, i) => (i === 0 ? p.toLowerCase() : capitalize(p.toLowerCase()))).join("");
function singular(word: string): string {
  if (/ies$/.test(word)) return word.slice(0, -3) + "y";
  if (/(ss|sh|ch|x)es$/.test(word)) return word.slice(0, -2);
  if (/s$/.test(word) && !/ss$/.test(word)) return word.slice(0, -1);
  return word;
}

/** `GET /api/v1/stays` → listStays, `GET …/stays/{id}` → getStay, `POST …/feeds/{id}/sync` → syncFeed. */
function operationIdFor(method: string, path: string): string {
  const segments = path.replace(/^\/api\/v1/, "").split("/").filter(Boolean);
  const last = segments.at(-1) ?? "";
  const resources = segments.filter((s) => !s.startsWith("{"));
  const resource = resources.at(-1) ?? "root";
  if (last.startsWith("{")) {
    const verb = { get: "get", put: "replace", patch: "update", delete: "delete", post: "create" }[method] ?? method;
    // A sub-resource (`/locks/{id}/properties/{propertyId}`) is named with its parent: replaceLockProperty.
    const owners = resources.slice(0, -1).flatMap((r) => words(singular(r)));
    return camel([verb, ...owners, ...words(singular(resource))]);
  }
  const parent = resources.at(-2);
  const afterId = segments.length >= 2 && segments.at(-2)!.startsWith("{");
  if (afterId && parent) {
    const action = words(last);
    if (method === "post" && action.length === 1) return camel([...action, ...words(singular(parent))]);
    const verb = { get: "get", put: "set", patch: "update", delete: "delete", post: "create" }[method] ?? method;
    return camel([verb, ...words(singular(parent)), ...action]);
  }
  const verb = { get: "list", post: "create", put: "replace", patch: "update", delete: "delete" }[method] ?? method;
  return camel([verb, ...words(method === "get" ? resource : singular(resource))]);
}

function summaryFor(method: string, path: string): string {
  const id = operationIdFor(method, path);
  const spaced = id.replace(/([A-Z])/g, " $1").toLowerCase();
  return capitalize(spaced);
}

const problemRef = { $ref: "#/components/schemas/Problem" };
const problem = (description: string) => ({ description, content: { "application/problem+json": { schema: problemRef } } });
const form = { content: { "application/x-www-form-urlencoded": { schema: { type: "object", additionalProperties: { type: "string" } } } }, required: true };

/** Routes outside `/api/v1`, described for integrators; they authenticate by signature or token, not by API key. */
const OUTSIDE_API: Record<string, Record<string, Operation>> = {
  "/webhooks/twilio/status": {
    post: {
      operationId: "twilioStatusCallback",
      summary: "Twilio message status callback",
      description: "Twilio's delivery receipts for messages staykey sent. Verified with `X-Twilio-Signature` against `STAYKEY_PUBLIC_URL`; a replayed status changes nothing.",
      tags: ["Webhooks"],
      security: [],
      parameters: [{ name: "X-Twilio-Signature", in: "header", required: true, schema: { type: "string" } }],
      requestBody: form,
      responses: { 204: { description: "Accepted" }, 403: problem("Signature missing or wrong"), 413: problem("Body too large") },
    },
  },
  "/webhooks/twilio/inbound": {
    post: {
      operationId: "twilioInboundMessage",
      summary: "Twilio inbound SMS (STOP/START)",
      description: "Replies to staykey's number: STOP and START record the guest's opt-out and opt-in. Signed like the status callback; answered with empty TwiML.",
      tags: ["Webhooks"],
      security: [],
      parameters: [{ name: "X-Twilio-Signature", in: "header", required: true, schema: { type: "string" } }],
      requestBody: form,
      responses: { 200: { description: "Empty TwiML", content: { "text/xml": { schema: { type: "string" } } } }, 403: problem("Signature missing or wrong"), 413: problem("Body too large") },
    },
  },
  "/webhooks/seam": {
    post: {
      operationId: "seamWebhook",
      summary: "Seam lock and access-code events",
      description: "Seam's webhook (Svix-signed: `svix-id`, `svix-timestamp`, `svix-signature`, 5-minute tolerance, `SEAM_WEBHOOK_SECRET`). Deduplicated by event id.",
      tags: ["Webhooks"],
      security: [],
      parameters: ["svix-id", "svix-timestamp", "svix-signature"].map((name) => ({ name, in: "header", required: true, schema: { type: "string" } })),
      requestBody: { content: { "application/json": { schema: { type: "object" } } }, required: true },
      responses: { 204: { description: "Accepted (or already seen)" }, 401: problem("Signature missing, wrong or stale"), 413: problem("Body too large"), 503: problem("No SEAM_WEBHOOK_SECRET configured") },
    },
  },
  "/ical/cleaner/{token}.ics": {
    get: {
      operationId: "getCleanerCalendar",
      summary: "A cleaner's turnover schedule as iCal",
      description: "The personal feed a cleaner subscribes to (`POST /api/v1/contacts/{id}/ical-token` creates the token). Schedule only: calendar servers cache it, so it never carries a PIN.",
      tags: ["Calendars"],
      security: [],
      parameters: [{ name: "token", in: "path", required: true, schema: { type: "string" }, description: "The cleaner's iCal token" }],
      responses: { 200: { description: "The schedule", content: { "text/calendar": { schema: { type: "string" } } } }, 404: { description: "Unknown or revoked token" } },
    },
  },
};
