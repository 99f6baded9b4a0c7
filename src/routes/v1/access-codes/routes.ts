import { createRoute } from "@hono/zod-openapi";
import type { CodeRow } from "../../../services/access/code-records";
import { listAccessCodes } from "../../../services/access/list-access-codes";
import { revealCodePin } from "../../../services/access/reveal-pin";
import { errorResponses, idParam, jsonResponse } from "../../common-schemas";
import type { ApiApp } from "../../env";
import { listQuery, pageOf } from "../../pagination";
import { pick, toWire, type Wire } from "../../serialize";
import type { ServiceDeps } from "../../../services/deps";
import { accessCode, accessCodeListQuery, accessCodeSummary } from "./schema";

const tags = ["Access codes"];
const params = idParam("Access code", "code_0abc");

// What the document names and nothing else: the row also holds the sealed PIN, its keyed hashes and the vendor's id.
const SUMMARY_FIELDS = Object.keys(accessCodeSummary.shape);
const presentSummary = (row: CodeRow) => toWire(pick(row, SUMMARY_FIELDS)) as Wire<Omit<CodeRow, "accountId" | "pinEnc" | "pinHash" | "pinPrefixHash" | "providerCodeId" | "version">>;

export function registerAccessCodes(app: ApiApp, deps: ServiceDeps) {
  const { db } = deps;

  app.openapi(
    createRoute({
      method: "get",
      path: "/access-codes",
      tags,
      summary: "List codes (without their PINs)",
      request: { query: listQuery(accessCodeListQuery) },
      responses: { 200: jsonResponse(pageOf(accessCodeSummary), "Access codes"), ...errorResponses },
    }),
    (c) => {
      const p = listAccessCodes(db, c.get("auth").accountId, c.req.valid("query"));
      return c.json({ data: p.data.map(presentSummary), nextCursor: p.nextCursor }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/access-codes/{id}",
      tags,
      summary: "One code with its PIN (the read is recorded in the audit log)",
      request: { params },
      responses: { 200: jsonResponse(accessCode, "Access code with PIN"), ...errorResponses },
    }),
    (c) => {
      const { accountId, actor } = c.get("auth");
      const revealed = revealCodePin(deps, accountId, c.req.valid("param").id, actor);
      c.header("cache-control", "no-store");
      return c.json({ ...presentSummary(revealed.code), pin: revealed.pin }, 200);
    },
  );
}
