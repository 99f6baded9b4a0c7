import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import { stayGuestPath } from "../../../services/guests/guest-links";
import { unreachableStays } from "../../../services/guests/guest-reach";
import { guestLinkUrl } from "../../guest-link-url";
import { openStay } from "../../../services/contact-details/contact-details";
import { programStayCodesNow, regenerateStayPin } from "../../../services/access/stay-code-actions";
import { checkOutEarly } from "../../../services/door/checkout";
import { findStay } from "../../../services/lookups";
import { listStays } from "../../../services/stays/list-stays";
import { cancelManualStay, createManualStay } from "../../../services/stays/manual-stay";
import type { StayRow } from "../../../services/stays/stay-record";
import { updateStay } from "../../../services/stays/update-stay";
import { errorResponses, idParam, jsonBody, jsonResponse } from "../../common-schemas";
import type { ApiApp } from "../../env";
import { listQuery, pageOf } from "../../pagination";
import { omit, toWire } from "../../serialize";
import type { ServiceDeps } from "../../../services/deps";
import { presentListedStays } from "./present-listed";
import { stay, stayInput, stayListQuery, stayPatch, staySummary } from "./schema";

const tags = ["Stays"];
const params = idParam("Stay", "stay_0abc");

const presentFull = (deps: ServiceDeps, c: Context, row: StayRow, unreachable = unreachableStays(deps.db, [row]).has(row.id)) => ({
  ...toWire(omit(openStay(deps.box, row), "accountId", "uidAliases", "missingCount", "echoOfStayId", "plannedVersion", "pinGeneration")),
  echoOf: row.echoOfStayId,
  presence: row.checkedOutAt ? "checked_out" as const : row.checkedInAt ? "checked_in" as const : "expected" as const,
  guestLink: row.kind === "block" || row.echoOfStayId ? null : guestLinkUrl(deps, c, stayGuestPath(deps.box, row)),
  unreachable,
});

export function registerStays(app: ApiApp, deps: ServiceDeps) {
  const { db } = deps;

  app.openapi(
    createRoute({ method: "get", path: "/stays", tags, request: { query: listQuery(stayListQuery) }, responses: { 200: jsonResponse(pageOf(staySummary), "Stays"), ...errorResponses } }),
    (c) => {
      const { accountId } = c.get("auth");
      const p = listStays(db, accountId, c.req.valid("query"));
      return c.json({ data: presentListedStays(deps, c, accountId, p.data), nextCursor: p.nextCursor }, 200);
    },
  );

  app.openapi(
    createRoute({ method: "post", path: "/stays", tags, summary: "Create a manual stay", request: jsonBody(stayInput), responses: { 201: jsonResponse(stay, "Created"), ...errorResponses } }),
    async (c) => {
      const created = await createManualStay(deps, c.get("auth").accountId, c.req.valid("json"));
      return c.json(presentFull(deps, c, created), 201);
    },
  );

  app.openapi(
    createRoute({ method: "get", path: "/stays/{id}", tags, request: { params }, responses: { 200: jsonResponse(stay, "Stay"), ...errorResponses } }),
    (c) => c.json(presentFull(deps, c, findStay(db, c.get("auth").accountId, c.req.valid("param").id)), 200),
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/stays/{id}",
      tags,
      summary: "Change the dates of a stay no feed manages, or any stay's overrides and guest contact",
      request: { params, ...jsonBody(stayPatch) },
      responses: { 200: jsonResponse(stay, "Updated"), ...errorResponses },
    }),
    async (c) => {
      const { accountId, actor } = c.get("auth");
      const { stay: updated } = await updateStay(deps, accountId, c.req.valid("param").id, c.req.valid("json"), { actor, edit: "stay.update" });
      return c.json(presentFull(deps, c, updated), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/stays/{id}/cancel",
      tags,
      summary: "Cancel a stay no calendar feed manages (its codes are then revoked)",
      request: { params },
      responses: { 200: jsonResponse(stay, "Cancelled"), ...errorResponses },
    }),
    async (c) => {
      const { stay: cancelled } = await cancelManualStay(deps, c.get("auth").accountId, c.req.valid("param").id);
      return c.json(presentFull(deps, c, cancelled), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/stays/{id}/regenerate-pin",
      tags,
      summary: "Give the guest a new PIN: the old code is removed from every lock, and once the lock confirms the new one the guest is sent it",
      request: { params },
      responses: { 200: jsonResponse(stay, "New code planned"), ...errorResponses },
    }),
    async (c) => {
      const { accountId, actor } = c.get("auth");
      const { id } = c.req.valid("param");
      await regenerateStayPin(deps, accountId, id, actor);
      return c.json(presentFull(deps, c, findStay(db, accountId, id)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/stays/{id}/program-now",
      tags,
      summary: "Put the stay's planned codes on their locks now instead of at the lead before check-in (a slot lock still waits for the window)",
      request: { params },
      responses: { 200: jsonResponse(stay, "Program jobs asked for"), ...errorResponses },
    }),
    async (c) => {
      const { accountId, actor } = c.get("auth");
      const { id } = c.req.valid("param");
      await programStayCodesNow(deps, accountId, id, actor);
      return c.json(presentFull(deps, c, findStay(db, accountId, id)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/stays/{id}/checkout",
      tags,
      summary: "Check a stay out early: its code stops working now, and the cleaner's window starts now (the cleaner is told)",
      request: { params },
      responses: { 200: jsonResponse(stay, "Checked out (again: nothing changes)"), ...errorResponses },
    }),
    async (c) => {
      const { accountId, actor } = c.get("auth");
      const { stay: out } = await checkOutEarly(deps, accountId, c.req.valid("param").id, actor);
      return c.json(presentFull(deps, c, out), 200);
    },
  );
}
