import { beforeAll, describe, expect, it } from "vitest";
import { apiHarness, type Caller } from "../support/api-client";
import { seedAccount, snapshot, type Seeded } from "./seed";

const HUGE = "x".repeat(100_000);
type Deps = Awaited<ReturnType<typeof apiHarness>>["deps"];

interface Endpoint {
  name: string;
  method: "POST" | "PATCH" | "PUT";
  path: (s: Seeded) => string;
  valid: (s: Seeded) => Record<string, unknown>;
  /** Every string field, each sent 100k characters long. */
  strings: string[];
  /** Fields whose absence alone must be refused (POST bodies). */
  required?: string[];
  /** Endpoint-specific bad values: [field, value, why]. */
  bad: [string, unknown, string][];
}

const endpoints: Endpoint[] = [
  {
    name: "POST /properties",
    method: "POST",
    path: () => "/api/v1/properties",
    valid: () => ({ name: "Lake House", timezone: "Europe/Berlin" }),
    strings: ["name", "address", "timezone", "checkInTime", "locale", "wifiName", "checkInInstructions"],
    required: ["name", "timezone"],
    bad: [
      ["timezone", "Mars/Base", "made-up timezone"],
      ["timezone", "UTC+11", "offset instead of a zone"],
      ["earlyBufferMinutes", -5, "negative buffer"],
      ["lateBufferMinutes", -1, "negative buffer"],
      ["codeLength", 3, "code too short"],
      ["codeLength", 4.5, "fractional number"],
      ["checkInTime", "25:00", "impossible time"],
      ["name", 42, "number for a string"],
      ["codeStrategy", "birthday", "unknown enum value"],
      ["templates", { guest_code: "x", evil: "y" }, "unknown template"],
    ],
  },
  {
    name: "PATCH /properties/{id}",
    method: "PATCH",
    path: (s) => `/api/v1/properties/${s.property.id}`,
    valid: () => ({ name: "Renamed" }),
    strings: ["name", "timezone"],
    bad: [
      ["timezone", "Mars/Base", "made-up timezone"],
      ["earlyBufferMinutes", -30, "negative buffer"],
      ["messageLeadMinutes", 1e9, "out of range"],
      ["name", null, "null for a required value"],
    ],
  },
  {
    name: "PUT /properties/{id}/cleaners",
    method: "PUT",
    path: (s) => `/api/v1/properties/${s.property.id}/cleaners`,
    valid: (s) => ({ contactIds: [s.contact.id] }),
    strings: [],
    required: ["contactIds"],
    bad: [
      ["contactIds", "ctc_1", "string for an array"],
      ["contactIds", [HUGE], "huge id"],
      ["contactIds", Array.from({ length: 51 }, (_, i) => `ctc_${i}`), "too many cleaners"],
    ],
  },
  {
    name: "POST /locks",
    method: "POST",
    path: () => "/api/v1/locks",
    valid: (s) => ({ propertyId: s.property.id, name: "Back door", provider: "simulated", providerDeviceId: "back-1" }),
    strings: ["propertyId", "name", "providerDeviceId", "connectionId"],
    required: ["propertyId", "name", "provider", "providerDeviceId"],
    bad: [
      ["provider", "august", "unknown provider"],
      ["slotCapacity", -1, "negative capacity"],
      ["slotCapacity", 0, "zero capacity"],
      ["supportedCodeLengths", [2], "impossible PIN length"],
      ["supportedCodeLengths", "6", "string for an array"],
      ["nativeSchedules", "yes", "string for a boolean"],
      ["constraints", { rules: ["no_vowels"] }, "unknown constraint rule"],
      ["constraints", { minLength: 8, maxLength: 4 }, "inverted length bounds"],
      ["batteryLevel", 80, "read-only field"],
      ["online", true, "read-only field"],
    ],
  },
  {
    name: "PATCH /locks/{id}",
    method: "PATCH",
    path: (s) => `/api/v1/locks/${s.lock.id}`,
    valid: () => ({ name: "Renamed lock" }),
    strings: ["name"],
    bad: [
      ["slotCapacity", 100_000, "out of range"],
      ["provider", "seam", "immutable field"],
      ["propertyId", "prop_x", "immutable field"],
      ["batteryLevel", 5, "read-only field"],
    ],
  },
  {
    name: "POST /feeds",
    method: "POST",
    path: () => "/api/v1/feeds",
    valid: (s) => ({ propertyId: s.property.id, url: "https://www.vrbo.com/icalendar/abc123.ics" }),
    strings: ["propertyId", "url", "name"],
    required: ["propertyId", "url"],
    bad: [
      ["url", "ftp://example.com/cal.ics", "not http(s)"],
      ["url", "webcal://", "webcal without a host"],
      ["url", "javascript:alert(1)", "script URL"],
      ["url", "not a url", "not a URL"],
      ["url", `https://example.com/${"a".repeat(2040)}`, "over 2048 characters"],
      ["syncIntervalMinutes", 4, "below 5 minutes"],
      ["syncIntervalMinutes", 1441, "above a day"],
      ["syncIntervalMinutes", -10, "negative interval"],
      ["paused", "no", "string for a boolean"],
      ["status", "ok", "read-only field"],
    ],
  },
  {
    name: "PATCH /feeds/{id}",
    method: "PATCH",
    path: (s) => `/api/v1/feeds/${s.feed.id}`,
    valid: () => ({ name: "Airbnb" }),
    strings: ["name"],
    bad: [
      ["syncIntervalMinutes", 0, "zero interval"],
      ["url", "https://example.com/other.ics", "the URL cannot change"],
      ["propertyId", "prop_x", "the property cannot change"],
      ["consecutiveFailures", 0, "read-only field"],
    ],
  },
  {
    name: "POST /contacts",
    method: "POST",
    path: () => "/api/v1/contacts",
    valid: () => ({ role: "cleaner", name: "Dora", email: "dora@example.com" }),
    strings: ["name", "phone", "email"],
    required: ["role", "name"],
    bad: [
      ["phone", "555-0123", "not E.164"],
      ["email", "dora-at-example", "not an email"],
      ["role", "owner", "unknown role"],
      ["email", null, "neither phone nor email"],
    ],
  },
  {
    name: "PATCH /contacts/{id}",
    method: "PATCH",
    path: (s) => `/api/v1/contacts/${s.contact.id}`,
    valid: () => ({ name: "Cleo B." }),
    strings: ["name", "phone", "email"],
    bad: [
      ["phone", null, "removing the only way to reach them"],
      ["phone", "+0123", "not E.164"],
      ["icalTokenHash", "x", "internal field"],
    ],
  },
  {
    name: "POST /stays",
    method: "POST",
    path: () => "/api/v1/stays",
    valid: (s) => ({ propertyId: s.property.id, checkInDate: "2027-02-01", checkOutDate: "2027-02-03" }),
    strings: ["propertyId", "checkInDate", "checkOutDate", "guestName", "guestPhone", "guestEmail", "summary", "reservationCode", "earlyCheckInAt"],
    required: ["propertyId", "checkInDate", "checkOutDate"],
    bad: [
      ["checkOutDate", "2027-01-31", "checkout before check-in"],
      ["checkOutDate", "2027-02-01", "checkout on check-in day"],
      ["checkOutDate", "2028-03-01", "over a year long"],
      ["checkInDate", "2027-02-30", "no such date"],
      ["checkInDate", "02/01/2027", "not ISO"],
      ["earlyCheckInAt", "09:99", "impossible local time"],
      ["earlyCheckInAt", "2027-01-01T10:00:00Z", "early check-in a month early"],
      ["lateCheckOutAt", "2027-02-03T10:00:00Z", "late checkout before the normal checkout"],
      ["kind", "reservation", "kind is always manual"],
      ["guestPhone", "+1", "too short"],
    ],
  },
  {
    name: "PATCH /stays/{id}",
    method: "PATCH",
    path: (s) => `/api/v1/stays/${s.stay.id}`,
    valid: () => ({ guestName: "Ann B." }),
    strings: ["guestName", "guestPhone", "guestEmail", "lateCheckOutAt"],
    bad: [
      ["lateCheckOutAt", "2026-12-26T16:00:00Z", "two days late"],
      ["earlyCheckInAt", "17:00", "after the normal check-in"],
      ["checkOutDate", "2026-12-19", "checkout before check-in"],
      ["propertyId", "prop_x", "cannot move a stay"],
      ["status", "cancelled", "cancel has its own endpoint"],
      ["version", 9, "read-only field"],
    ],
  },
  {
    name: "POST /api-keys",
    method: "POST",
    path: () => "/api/v1/api-keys",
    valid: () => ({ name: "ci" }),
    strings: ["name"],
    required: ["name"],
    bad: [
      ["name", "", "empty name"],
      ["name", ["ci"], "array for a string"],
    ],
  },
];

type Case = [name: string, make: (s: Seeded) => { body: unknown; headers?: Record<string, string> }, statuses: number[]];

function cases(e: Endpoint): Case[] {
  const withField = (field: string, value: unknown) => (s: Seeded) => ({ body: { ...e.valid(s), [field]: value } });
  const invalid = (name: string, make: Case[1]): Case => [name, make, [400]];
  return [
    invalid("malformed JSON", () => ({ body: '{"name":' })),
    invalid("a JSON array instead of an object", (s) => ({ body: JSON.stringify([e.valid(s)]) })),
    invalid("JSON null", () => ({ body: "null" })),
    ["a form content-type", (s) => ({ body: JSON.stringify(e.valid(s)), headers: { "content-type": "application/x-www-form-urlencoded" } }), [400, 415]],
    ["a text/plain content-type", (s) => ({ body: JSON.stringify(e.valid(s)), headers: { "content-type": "text/plain" } }), [400, 415]],
    ["a body over the size limit", (s) => ({ body: JSON.stringify({ ...e.valid(s), pad: "y".repeat(300_000) }) }), [413]],
    invalid("an unknown field", withField("isAdmin", true)),
    ...(e.required ?? []).map((f) => invalid(`missing ${f}`, (s) => ({ body: { ...e.valid(s), [f]: undefined } }))),
    ...e.strings.map((f) => invalid(`a 100k-character ${f}`, withField(f, f === "url" ? `https://x.example/${HUGE}` : HUGE))),
    // A name is one line shown as typed: a line break, a NUL or a right-to-left override would display otherwise.
    ...(e.strings.includes("name") ? ["Loft\nBEGIN:VEVENT", "Loft\u0000", "Loft \u202egnp.exe"].map((v) => invalid(`name ${JSON.stringify(v)}`, withField("name", v))) : []),
    ...e.bad.map(([f, v, why]) => invalid(`${f}: ${why}`, withField(f, v))),
  ];
}

describe.each(endpoints)("$name refuses bad input", (e) => {
  let deps: Deps;
  let a: Caller;
  let seeded: Seeded;
  const label = (s: Seeded) => e.path(s);

  beforeAll(async () => {
    const h = await apiHarness();
    deps = h.deps;
    a = h.a;
    seeded = await seedAccount(deps, a);
  });

  it("accepts the valid body the cases are built from", async () => {
    const res = await a.request(e.method, label(seeded), e.valid(seeded));
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
  });

  it.each(cases(e))("with %s: a 4xx problem that explains itself, and nothing written", async (_name, make, statuses) => {
    const before = snapshot(deps);
    const { body, headers } = make(seeded);
    const res = await a.request(e.method, label(seeded), body, headers);
    expect(statuses, JSON.stringify(res.body)).toContain(res.status);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(typeof res.body.detail).toBe("string");
    expect(res.body.detail.length).toBeGreaterThan(5);
    expect(res.body.status).toBe(res.status);
    // A refused value is never echoed back in bulk.
    expect(JSON.stringify(res.body).length).toBeLessThan(4000);
    expect(snapshot(deps)).toBe(before);
  });
});

describe("the endpoint-specific statuses", () => {
  it("names the offending field and uses 413 and 415 where they apply", async () => {
    const { a } = await apiHarness();
    const tz = await a.request("POST", "/api/v1/properties", { name: "X", timezone: "Mars/Base" });
    expect(tz.body.errors.map((x: any) => x.path)).toEqual(["timezone"]);
    const big = await a.request("POST", "/api/v1/properties", { name: "y".repeat(300_000), timezone: "UTC" });
    expect(big.status).toBe(413);
    const form = await a.request("POST", "/api/v1/properties", "name=x", { "content-type": "application/x-www-form-urlencoded" });
    expect([400, 415]).toContain(form.status);
    const unknown = await a.request("POST", "/api/v1/contacts", { role: "alerts", name: "Al", email: "al@example.com", isAdmin: true });
    expect(unknown.status).toBe(400);
    expect(unknown.body.detail).toContain("isAdmin");
    // Names in any script, with the marks mixed-direction text uses and emoji, are kept as typed.
    const arabic = await a.request("POST", "/api/v1/properties", { name: "  شقة البحر\u200F – Loft 🏖️ ", timezone: "Asia/Dubai" });
    expect(arabic.status).toBe(201);
    expect(arabic.body.name).toBe("شقة البحر\u200F – Loft 🏖️");
    // A body that is not an object at all is named as the body, not by the framework's name for it.
    const array = await a.request("POST", "/api/v1/properties", [{ name: "X", timezone: "UTC" }]);
    expect(array.status).toBe(400);
    expect(array.body.errors.map((x: any) => x.path)).toEqual(["body"]);
    expect(array.body.detail).toMatch(/^body: .*object/);
    // A date filter that is neither form says which forms it takes.
    for (const from of ["2026-02-30", "next tuesday", "2026-12-24T15:00:00"]) {
      const res = await a.request("GET", `/api/v1/stays?from=${encodeURIComponent(from)}`);
      expect(res.status, from).toBe(400);
      expect(res.body.errors).toEqual([{ path: "from", message: expect.stringMatching(/YYYY-MM-DD.*offset/) }]);
    }
    expect((await a.request("GET", "/api/v1/stays?from=2026-02-28&to=2026-03-01T00:00:00Z")).status).toBe(200);
  });
});

describe("list query strings", () => {
  const lists = ["properties", "locks", "feeds", "contacts", "stays", "access-codes", "messages", "alerts", "audit-events", "api-keys"];
  // A cursor staykey never issued (too long, a NUL and a non-ASCII byte, a quote) is refused, not read as "from the top".
  const queries = ["limit=0", "limit=201", "limit=abc", "limit=-1", `cursor=${"c".repeat(100)}`, "cursor=%00%C3%BF", "cursor=prop_1'--"];
  let a: Caller;
  beforeAll(async () => {
    a = (await apiHarness()).a;
  });
  it.each(lists.flatMap((l) => queries.map((q) => [l, q])))("GET /%s?%s is a 400 problem", async (list, query) => {
    const res = await a.request("GET", `/api/v1/${list}?${query}`);
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(res.body.errors[0].path).toBe(query.split("=")[0]);
  });
});

describe("unknown query parameters", () => {
  type Operation = { parameters?: { name: string; in: string }[]; responses?: Record<string, { content?: Record<string, { schema?: { properties?: object } }> }> };
  /** Whether an operation answers a page: `{data, nextCursor}` as JSON, or a page of rows as CSV. */
  const answersAPage = (op: Operation) => {
    const content = op.responses?.["200"]?.content ?? {};
    return content["text/csv"] !== undefined || (content["application/json"]?.schema?.properties !== undefined && "nextCursor" in content["application/json"]!.schema!.properties!);
  };
  /** Every list in the OpenAPI document: the GET operations on a collection (no path parameter) that answer a page. */
  async function listRoutes(app: Awaited<ReturnType<typeof apiHarness>>["app"]) {
    const doc = (await (await app.request("/api/v1/openapi.json")).json()) as { paths: Record<string, { get?: Operation }> };
    return Object.entries(doc.paths)
      .filter(([path, ops]) => ops.get && !path.includes("{") && answersAPage(ops.get))
      .map(([path, ops]) => ({ path, params: (ops.get!.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name) }));
  }

  it("answer 400 naming the parameter on every list route the OpenAPI document has, as an unknown body field does", async () => {
    const { app, a } = await apiHarness();
    const lists = await listRoutes(app);
    expect(lists.map((l) => l.path)).toEqual(expect.arrayContaining(["/api/v1/properties", "/api/v1/connections", "/api/v1/stays", "/api/v1/messages", "/api/v1/api-keys", "/api/v1/lock-events"]));
    expect(lists.map((l) => l.path)).not.toContain("/api/v1/export"); // one document, not a page
    for (const { path, params } of lists) {
      expect(params, path).toEqual(expect.arrayContaining(["limit", "cursor"]));
      expect((await a.request("GET", `${path}?limit=1`)).status, path).toBe(200);
      const res = await a.request("GET", `${path}?limit=1&bogus=1`);
      expect(res.status, path).toBe(400);
      expect(res.headers.get("content-type"), path).toContain("application/problem+json");
      expect(res.body, path).toMatchObject({ code: "validation_failed", errors: [{ path: "bogus", message: "is not a query parameter of this endpoint" }] });
      expect(res.body.detail, path).toContain("bogus");
    }
  });

  it("names a misspelt filter instead of listing everything, and cuts a huge name short", async () => {
    const { a } = await apiHarness();
    const misspelt = await a.request("GET", "/api/v1/stays?propertyID=prop_1");
    expect(misspelt.body.errors).toEqual([{ path: "propertyID", message: "is not a query parameter of this endpoint" }]);
    const huge = await a.request("GET", `/api/v1/locks?${"k".repeat(5_000)}=1`);
    expect(huge.status).toBe(400);
    expect(JSON.stringify(huge.body).length).toBeLessThan(1_000);
  });
});
