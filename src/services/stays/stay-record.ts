import type { StayRow } from "../../db/rows";
import { ServiceError } from "../errors";

export type { StayRow };

/**
 * A stay whose feed still exists follows its calendar: only the calendar moves or cancels it. Manual stays,
 * and stays left behind by a deleted feed, are the host's to change.
 */
export const followsFeed = (stay: Pick<StayRow, "feedId">) => stay.feedId !== null;

/** Why a change to a stay was refused, so a page can say it in its own words. */
export type StayRefusal = "cancelled" | "follows_feed" | "changed_meanwhile";

export class StayChangeRefused extends ServiceError {
  constructor(
    readonly reason: StayRefusal,
    message: string,
  ) {
    super("conflict", message);
  }
}
