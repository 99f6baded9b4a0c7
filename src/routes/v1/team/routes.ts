import { createRoute } from "@hono/zod-openapi";
import type { ServiceDeps } from "../../../services/deps";
import { createInvite, listInvites, revokeInvite, type InviteView } from "../../../services/team/invites";
import { listMembers, removeMember, updateMember } from "../../../services/team/members";
import { errorResponses, idParam, jsonBody, jsonResponse } from "../../common-schemas";
import type { ApiApp } from "../../env";
import { toWire } from "../../serialize";
import { createdInvite, invite, inviteInput, member, memberUpdate } from "./schema";
import { listQuery, pageOf } from "../../pagination";

const tags = ["Team"];

/** The owner's team: members and invitations (the access policy keeps everyone else out of /members and /invites). */
export function registerTeam(app: ApiApp, deps: ServiceDeps) {
  app.openapi(
    createRoute({ method: "get", path: "/members", tags, summary: "The account's members and their roles", request: { query: listQuery() }, responses: { 200: jsonResponse(pageOf(member), "Members"), ...errorResponses } }),
    (c) => {
      const p = listMembers(deps, c.get("auth").accountId, c.req.valid("query"));
      return c.json({ data: p.data.map((m) => toWire(m)), nextCursor: p.nextCursor }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "patch", path: "/members/{id}", tags, summary: "Change a member's role or properties (from their next request)",
      request: { params: idParam("Member", "user_0abc"), ...jsonBody(memberUpdate) }, responses: { 200: jsonResponse(member, "The member as changed"), ...errorResponses },
    }),
    async (c) => {
      const updated = await updateMember(deps, c.get("auth"), c.req.valid("param").id, c.req.valid("json"));
      return c.json(toWire(updated), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete", path: "/members/{id}", tags, summary: "Remove a member: their sessions end and their keys (and a cleaner's codes) are revoked at once",
      request: { params: idParam("Member", "user_0abc") }, responses: { 204: { description: "Removed" }, ...errorResponses },
    }),
    async (c) => {
      await removeMember(deps, c.get("auth"), c.req.valid("param").id);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({ method: "get", path: "/invites", tags, request: { query: listQuery() }, responses: { 200: jsonResponse(pageOf(invite), "Invitations"), ...errorResponses } }),
    (c) => {
      const p = listInvites(deps, c.get("auth"), c.req.valid("query"));
      return c.json({ data: p.data.map((i: InviteView) => toWire(i)), nextCursor: p.nextCursor }, 200);
    },
  );

  app.openapi(
    createRoute({ method: "post", path: "/invites", tags, summary: "Invite someone by email or SMS (a single-use link valid 48 hours)", request: jsonBody(inviteInput), responses: { 201: jsonResponse(createdInvite, "Invited"), ...errorResponses } }),
    async (c) => {
      const { invite: created, link } = await createInvite(deps, c.get("auth"), c.req.valid("json"), deps.config.STAYKEY_PUBLIC_URL ?? new URL(c.req.url).origin);
      c.header("cache-control", "no-store");
      return c.json({ ...toWire(created), link }, 201);
    },
  );

  app.openapi(
    createRoute({ method: "delete", path: "/invites/{id}", tags, summary: "Withdraw an invitation", request: { params: idParam("Invite", "inv_0abc") }, responses: { 204: { description: "Withdrawn" }, ...errorResponses } }),
    (c) => {
      revokeInvite(deps, c.get("auth"), c.req.valid("param").id);
      return c.body(null, 204);
    },
  );
}
