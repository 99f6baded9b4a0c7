import type { CoreDeps } from "../../deps";
import { previewMessage, type TemplateName } from "../../domain/messages";
import { findProperty } from "../lookups";

/** A template rendered with sample data in one of the account's properties' zone and locale (`text`: an edit not saved yet). */
export function previewPropertyMessage({ db, clock }: Pick<CoreDeps, "db" | "clock">, accountId: string, propertyId: string, input: { template: TemplateName; text?: string }) {
  return previewMessage(input.template, findProperty(db, accountId, propertyId), clock.now(), input.text);
}
