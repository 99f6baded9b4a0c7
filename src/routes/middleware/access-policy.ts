import type { MiddlewareHandler } from "hono";
import type { CoreDeps } from "../../deps";
import { apiRoleRefusal } from "../../domain/team";
import { assertAccountWide, assertReaches, assertReachesProperty, isPropertyResource } from "../../services/team/scope";
import type { AppEnv, AuthContext } from "../env";
import { ApiError } from "../problem";

/** Areas a member limited to some properties still reaches whole: their own API keys. */
const PERSONAL_AREAS = new Set(["api-keys"]);

async function bodyPropertyId(req: { json(): Promise<unknown> }): Promise<string | undefined> {
  try {
    const body = (await req.json()) as { propertyId?: unknown } | null;
    return typeof body?.propertyId === "string" ? body.propertyId : undefined;
  } catch {
    return undefined; // the route's own validation answers a malformed body
  }
}

/**
 * A member limited to some properties: a resource of another property reads as missing (404), a listing must name
 * one of theirs (`?propertyId=`), a new resource must belong to one of theirs, and account-wide areas are refused.
 */
async function checkPropertyScope(deps: Pick<CoreDeps, "db">, auth: AuthContext, method: string, area: string, id: string | undefined, req: { query(name: string): string | undefined; json(): Promise<unknown> }) {
  if (PERSONAL_AREAS.has(area)) return;
  if (!isPropertyResource(area)) return assertAccountWide(auth, `/${area}`);
  if (id) return assertReaches(deps.db, auth, area, id);
  if (area === "properties") {
    if (method !== "GET") throw new ApiError(403, "forbidden", "Forbidden", "this sign-in is limited to some properties and cannot add one");
    return; // the listing shows only the member's properties
  }
  const propertyId = method === "GET" ? req.query("propertyId") : await bodyPropertyId(req);
  if (!propertyId) {
    throw new ApiError(403, "forbidden", "Forbidden", "this sign-in is limited to some properties: name one with propertyId");
  }
  assertReachesProperty(auth, propertyId);
}

/**
 * Every /api/v1 route passes here after the key is known: the key's role decides what it may call (domain/team), and a
 * member limited to some properties reaches only those. Routes added later are covered without doing anything.
 */
export function accessPolicy(deps: Pick<CoreDeps, "db">): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const auth = c.get("auth");
    const [area = "", id] = c.req.path.replace(/^\/api\/v1\/?/, "").split("/");
    const refusal = apiRoleRefusal(auth.role, c.req.method, area);
    if (refusal) throw new ApiError(403, "forbidden", "Forbidden", refusal);
    if (auth.propertyIds !== null) await checkPropertyScope(deps, auth, c.req.method, area, id || undefined, c.req);
    await next();
  };
}
