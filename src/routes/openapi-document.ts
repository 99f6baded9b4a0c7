/**
 * The last touches on the generated OpenAPI document, in one place so every route (including those added later) gets
 * them: an operationId and a summary on every operation (derived from the method and path when the route did not set
 * them), only the errors an operation can really return (413 only where a body is read; 429 where a limit applies),
 * `servers`, an example on every schema (openapi-examples), and the routes outside `/api/v1` that integrators call or
 * send people to (provider webhooks, a cleaner's iCal feed, the guest check-in pages), and the outbound webhooks staykey
 * sends (openapi-webhooks).
 */
import { OPENAPI_EXAMPLES } from "./openapi-examples";
import { webhookDocument } from "./openapi-webhooks";

type Operation = {
  operationId?: string;
  summary?: string;
  requestBody?: unknown;
  responses?: Record<string, unknown>;
  tags?: string[];
  [key: string]: unknown;
};
type Document = {
  paths?: Record<string, Record<string, Operation>>;
  servers?: unknown[];
  components?: { schemas?: Record<string, Record<string, unknown>> };
  [key: string]: unknown;
};

const METHODS = ["get", "put", "post", "patch", "delete"] as const;
/**
 * Operations a per-client limit applies to (answered 429 with Retry-After): the guest pages, whose tries are counted
 * per address, link and stay (services/guests/guest-throttle). The API itself has no per-key limit.
 */
const RATE_LIMITED = new Set<string>(["GET /checkin/{token}", "POST /checkin/{token}", "GET /g/{token}", "POST /g/{token}/contact"]);

export function finishOpenApiDocument<D extends object>(generated: D, opts: { publicUrl?: string }): D {
  const doc = generated as unknown as Document;
  doc.servers = [{ url: opts.publicUrl ?? "/", description: opts.publicUrl ? "This staykey" : "The host serving this document" }];
  doc.paths = { ...doc.paths, ...OUTSIDE_API };
  const outbound = webhookDocument();
  doc.webhooks = outbound.webhooks;
  doc.components = { ...doc.components, schemas: { ...doc.components?.schemas, ...outbound.schemas } };
  for (const [name, schema] of Object.entries(doc.components?.schemas ?? {})) {
    if (name in OPENAPI_EXAMPLES && !("example" in schema)) schema.example = OPENAPI_EXAMPLES[name];
  }
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
        if (RATE_LIMITED.has(`${method.toUpperCase()} ${path}`)) op.responses["429"] ??= tooMany;
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
const tooMany = {
  description: "Too many tries from this address, on this link or for this stay; wait for Retry-After (seconds)",
  headers: { "Retry-After": { schema: { type: "integer" } } },
  content: { "text/html": { schema: { type: "string" } } },
};
const html = (description: string) => ({ description, content: { "text/html": { schema: { type: "string" } } } });
const guestToken = (description: string) => [{ name: "token", in: "path", required: true, schema: { type: "string" }, description }];
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
  "/checkin/{token}": {
    get: {
      operationId: "getCheckinPage",
      summary: "The property's guest check-in page",
      description:
        "The link a host pastes once into each platform's scheduled messages (a property's `checkInLink`). A page in the guest's language (`?lang=`, else Accept-Language) asking for the reservation code and the phone's last 4 digits.",
      tags: ["Guest pages"],
      security: [],
      parameters: [...guestToken("The property's check-in token"), { name: "lang", in: "query", required: false, schema: { type: "string", examples: ["es"] } }],
      responses: { 200: html("The check-in form"), 404: html("Unknown or revoked link") },
    },
    post: {
      operationId: "checkIn",
      summary: "Find the guest's stay by reservation code and phone last 4",
      description:
        "Form fields `reservationCode` and `last4` (and `lang`). A match redirects (303) to the stay's own page `/g/{token}`; a wrong pair is the form again with the error beside the field. Every try counts against the address, the link and the stay.",
      tags: ["Guest pages"],
      security: [],
      parameters: guestToken("The property's check-in token"),
      requestBody: { ...form, content: { "application/x-www-form-urlencoded": { schema: form.content["application/x-www-form-urlencoded"].schema, example: { reservationCode: "HMX4K2Q9TZ", last4: "0123", lang: "en" } } } },
      responses: { 303: { description: "Found: on to the stay's page", headers: { Location: { schema: { type: "string" } } } }, 400: html("No stay matches; the form with the error"), 404: html("Unknown or revoked link") },
    },
  },
  "/g/{token}": {
    get: {
      operationId: "getGuestStayPage",
      summary: "A stay's guest page",
      description:
        "The stay (a stay's `guestLink`): dates and times in the property's zone, the house notes, the door code inside the reveal window before check-in (once the lock confirmed it), and a form for the guest's phone or email.",
      tags: ["Guest pages"],
      security: [],
      parameters: guestToken("The stay's guest token"),
      responses: { 200: html("The stay's page"), 404: html("Unknown link"), 410: html("The stay is over") },
    },
  },
  "/g/{token}/contact": {
    post: {
      operationId: "leaveGuestContact",
      summary: "The guest leaves a phone number or email",
      description: "Form fields `phone` (E.164), `email`, `smsConsent` (`yes`) and `lang`. Saved sealed; staykey then sends the code there. Redirects (303) back to the page.",
      tags: ["Guest pages"],
      security: [],
      parameters: guestToken("The stay's guest token"),
      requestBody: form,
      responses: { 303: { description: "Saved", headers: { Location: { schema: { type: "string" } } } }, 400: html("The form with the error"), 404: html("Unknown link"), 410: html("The stay is over") },
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
