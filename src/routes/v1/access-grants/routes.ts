import { createRoute } from "@hono/zod-openapi";
import type { ServiceDeps } from "../../../services/deps";
import { grantView, type GrantView } from "../../../services/grants/grant-view";
import { createGrant, findGrant, listGrants, resendGrant, revokeGrant, updateGrant } from "../../../services/grants/grants";
import { errorResponses, idParam, jsonBody, jsonResponse } from "../../common-schemas";
import type { ApiApp } from "../../env";
import { listQuery, pageOf } from "../../pagination";
import { omit, toWire } from "../../serialize";
import { createdGrant, grant, grantInput, grantListQuery, grantPatch, resendAnswer } from "./schema";

const tags = ["Access grants"];
const params = idParam("Access grant", "grnt_0abc");

const present = (v: GrantView) => ({
  ...toWire(omit(v.grant, "accountId", "pinEnc", "phoneEnc", "emailEnc", "version", "status")),
  status: v.status, phone: v.phone, email: v.email, locks: v.locks, codes: v.codes.map(toWire), usesEnforcement: v.usesEnforcement, usesNote: v.usesNote,
});

export function registerAccessGrants(app: ApiApp, deps: ServiceDeps) {
  const { db } = deps;
  const view = (row: Parameters<typeof grantView>[1]) => present(grantView(deps, row));

  app.openapi(
    createRoute({ method: "get", path: "/access-grants", tags, summary: "List access grants", request: { query: listQuery(grantListQuery) }, responses: { 200: jsonResponse(pageOf(grant), "Access grants"), ...errorResponses } }),
    (c) => {
      const p = listGrants(deps, c.get("auth").accountId, c.req.valid("query"));
      return c.json({ data: p.data.map(view), nextCursor: p.nextCursor }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/access-grants",
      tags,
      summary: "Give someone a code: a window, a weekly window, always, or limited uses, on some locks or a whole property",
      description: "The PIN is chosen by the guest-code policy (unique on every lock it spans), or given and checked (409 naming the lock on a clash). The person is sent the code once every lock has confirmed it.",
      request: jsonBody(grantInput),
      responses: { 201: jsonResponse(createdGrant, "Created"), ...errorResponses },
    }),
    async (c) => {
      const { accountId, actor } = c.get("auth");
      const created = await createGrant(deps, accountId, c.req.valid("json"), actor);
      c.header("cache-control", "no-store");
      return c.json({ ...view(created.grant), pin: created.pin }, 201);
    },
  );

  app.openapi(
    createRoute({ method: "get", path: "/access-grants/{id}", tags, summary: "One access grant with its codes (no PIN)", request: { params }, responses: { 200: jsonResponse(grant, "Access grant"), ...errorResponses } }),
    (c) => c.json(view(findGrant(db, c.get("auth").accountId, c.req.valid("param").id)), 200),
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/access-grants/{id}",
      tags,
      summary: "Extend (or cut short) a grant, or change its note; its codes move with the same PIN",
      request: { params, ...jsonBody(grantPatch) },
      responses: { 200: jsonResponse(grant, "Updated"), ...errorResponses },
    }),
    async (c) => {
      const { accountId, actor } = c.get("auth");
      return c.json(view(await updateGrant(deps, accountId, c.req.valid("param").id, c.req.valid("json"), actor)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/access-grants/{id}",
      tags,
      summary: "Revoke a grant: its codes are removed from every lock and read back gone",
      request: { params },
      responses: { 200: jsonResponse(grant, "Revoked"), ...errorResponses },
    }),
    async (c) => {
      const { accountId, actor } = c.get("auth");
      return c.json(view(await revokeGrant(deps, accountId, c.req.valid("param").id, actor)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/access-grants/{id}/resend",
      tags,
      summary: "Send the person their code again",
      request: { params },
      responses: { 202: jsonResponse(resendAnswer, "Queued"), ...errorResponses },
    }),
    async (c) => {
      const { accountId, actor } = c.get("auth");
      return c.json(await resendGrant(deps, accountId, c.req.valid("param").id, actor), 202);
    },
  );
}
