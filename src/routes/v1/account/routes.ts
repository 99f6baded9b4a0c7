import { createRoute, z } from "@hono/zod-openapi";
import { deleteAccount } from "../../../services/accounts/delete-account";
import type { ServiceDeps } from "../../../services/deps";
import { errorResponses, jsonBody, jsonResponse, problem } from "../../common-schemas";
import type { ApiApp } from "../../env";
import { ApiError } from "../../problem";

const unreachableLock = z.object({
  lockId: z.string(),
  name: z.string(),
  reason: z.string().openapi({ example: "the lock is offline" }),
  codes: z.number().int().openapi({ description: "Codes staykey could not remove from this lock" }),
});

const deletionInput = z
  .strictObject({
    confirm: z.string().min(1).openapi({ description: "The account's name, exactly as it is", example: "Seaside Rentals" }),
    force: z.boolean().optional().openapi({ description: "Delete even when some locks cannot be reached; their codes stay on them until removed by hand" }),
  })
  .openapi("AccountDeletionInput", { example: { confirm: "Seaside Rentals" } });

const deletion = z
  .object({
    deleted: z.literal(true),
    codesRemoved: z.number().int(),
    jobsCancelled: z.number().int(),
    unreachableLocks: z.array(unreachableLock).openapi({ description: "With force: the locks whose codes are still on them" }),
  })
  .openapi("AccountDeletion", { example: { deleted: true, codesRemoved: 3, jobsCancelled: 7, unreachableLocks: [] } });

export function registerAccount(app: ApiApp, deps: ServiceDeps) {
  app.openapi(
    createRoute({
      method: "delete",
      path: "/account",
      tags: ["Account"],
      operationId: "deleteAccount",
      summary: "Delete the account and all its data (owner only; cannot be undone)",
      description:
        "Removes every code staykey put on a lock (through the lock's provider, read back as at checkout), cancels the account's jobs, then deletes every record of the account in one transaction. " +
        "When a lock holding codes cannot be reached, nothing is changed and the answer is a 409 `locks_unreachable` problem whose `unreachableLocks` names them; `force: true` deletes anyway and leaves those codes on those locks. " +
        "Export the data first (`GET /export`) if you want to keep it.",
      request: jsonBody(deletionInput),
      responses: {
        200: jsonResponse(deletion, "Deleted: every API key and session of the account stops working"),
        ...errorResponses,
        409: problem("Some locks holding codes could not be reached (`locks_unreachable`); nothing was deleted"),
      },
    }),
    async (c) => {
      const outcome = await deleteAccount(deps, c.get("auth").accountId, c.req.valid("json"));
      if (!outcome.deleted) {
        const names = outcome.unreachableLocks.map((l) => `${l.name} (${l.reason})`).join(", ");
        throw new ApiError(409, "locks_unreachable", "Locks unreachable", `codes could not be removed from ${names}; nothing was deleted. Retry when the locks are back, or pass force: true`, undefined, {
          unreachableLocks: outcome.unreachableLocks,
        });
      }
      return c.json(outcome, 200);
    },
  );
}
