import { and, eq, isNull, notInArray, type SQL } from "drizzle-orm";
import { stays } from "../../db/schema";
import { GUEST_STAY_STATUS, KINDS_WITHOUT_GUEST } from "../../domain/access";

/**
 * The domain's rule for a guest's stay (domain/access/guest-code-eligibility) as a condition on `stays`: every query
 * that looks for guests (the planner's neighbours, the reconciler, the morning check, the next check-in) filters by
 * it, and adds its own bound in time.
 */
export function guestStays(): SQL {
  return and(eq(stays.status, GUEST_STAY_STATUS), notInArray(stays.kind, [...KINDS_WITHOUT_GUEST]), isNull(stays.echoOfStayId))!;
}
