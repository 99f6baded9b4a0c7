import type { Context, Hono } from "hono";
import { and, desc, eq, inArray, or } from "drizzle-orm";
import { accessCodes, auditEvents, locks, messages } from "../../db/schema";
import { ApiError } from "../../routes/problem";
import { applyStayPatch } from "../../routes/v1/stays/apply-patch";
import { stayPatch } from "../../routes/v1/stays/schema";
import { revealCodePin } from "../../services/access/reveal-pin";
import { recordAudit } from "../../services/audit/record-audit";
import { openStay } from "../../services/contact-details/contact-details";
import { requireViewer } from "../auth";
import { setFlash, takeFlash } from "../cookies";
import type { WebEnv } from "../env";
import { fromLocalInput } from "../format";
import type { WebDeps } from "../hooks";
import type { Flash } from "../layout";
import type { FieldErrors } from "../property-form";
import { findOwnProperty, findOwnStay } from "../queries/scoped";
import { WebError } from "../web-error";
import { StayPage } from "./stay-page";

const CONTACT_FIELDS = ["guestName", "guestPhone", "guestEmail"] as const;

/** The API's override rule (checkOverrides) in the host's words, by the field it refused. */
const OVERRIDE_REFUSED: Record<string, string> = {
  earlyCheckInAt: "An early check-in must fall within the 24 hours before the usual check-in.",
  lateCheckOutAt: "A late checkout must fall within the 24 hours after the usual checkout.",
};

// A host may need to read the PIN to a guest on the phone, but only while it can still open the door.
const PIN_VISIBLE = new Set(["planned", "programming", "active"]);

export function registerStayPages(web: Hono<WebEnv>, deps: WebDeps) {
  const { db, clock, config, box } = deps;
  const host = requireViewer(deps, ["owner", "manager"]);

  const render = (
    c: Context<WebEnv>,
    stayId: string,
    extra: { flash?: Flash | null; overrideError?: string; contact?: { values: Record<string, string>; errors: FieldErrors }; revealed?: { codeId: string; pin: string } } = {},
  ) => {
    const viewer = c.get("viewer");
    const stay = openStay(box, findOwnStay(db, viewer.accountId, stayId));
    const property = findOwnProperty(db, viewer.accountId, stay.propertyId);
    const codes = db
      .select({ code: accessCodes, lock: locks })
      .from(accessCodes)
      .leftJoin(locks, eq(locks.id, accessCodes.lockId))
      .where(and(eq(accessCodes.accountId, viewer.accountId), or(eq(accessCodes.stayId, stay.id), eq(accessCodes.assignedStayId, stay.id))))
      .orderBy(desc(accessCodes.createdAt))
      .all()
      .map((r) => ({ ...r, pinReadable: PIN_VISIBLE.has(r.code.state) }));
    const msgs = db
      .select({ id: messages.id, channel: messages.channel, purpose: messages.purpose, status: messages.status, createdAt: messages.createdAt })
      .from(messages)
      .where(and(eq(messages.accountId, viewer.accountId), eq(messages.stayId, stay.id)))
      .orderBy(desc(messages.createdAt))
      .all();
    const subjects = [stay.id, ...codes.map((r) => r.code.id), ...msgs.map((m) => m.id)];
    const audit = db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.accountId, viewer.accountId), inArray(auditEvents.subjectId, subjects)))
      .orderBy(desc(auditEvents.at), desc(auditEvents.id))
      .limit(200)
      .all();
    return <StayPage viewer={viewer} property={property} stay={stay} codes={codes} messages={msgs} audit={audit} canResend={!!deps.web?.resendGuestCode} {...extra} />;
  };

  /** After a saved change. A failing hook is logged, not shown: the write stands and the planner's sweep picks the stay up. */
  const tellPlanner = async (stayId: string) => {
    try {
      await deps.web?.stayChanged?.(stayId);
    } catch (err) {
      deps.logger.warn({ stayId, err: { name: (err as Error).name, message: (err as Error).message } }, "stayChanged hook failed");
    }
  };

  web.get("/dashboard/stays/:id", host, (c) => c.html(render(c, c.req.param("id"), { flash: takeFlash(c, config) })));

  // A PIN is read on purpose, one at a time, and the read is audited like the API's GET /access-codes/{id}.
  web.post("/dashboard/stays/:id/codes/:codeId/pin", host, (c) => {
    const viewer = c.get("viewer");
    const stay = findOwnStay(db, viewer.accountId, c.req.param("id"));
    const codeId = c.req.param("codeId");
    const code = db
      .select({ id: accessCodes.id, state: accessCodes.state })
      .from(accessCodes)
      .where(and(eq(accessCodes.accountId, viewer.accountId), eq(accessCodes.id, codeId), or(eq(accessCodes.stayId, stay.id), eq(accessCodes.assignedStayId, stay.id))))
      .get();
    if (!code) throw new WebError(404, "That door code is not part of this stay.");
    if (!PIN_VISIBLE.has(code.state)) throw new WebError(409, "That code no longer opens the door, so its PIN is not shown.");
    const revealed = revealCodePin(deps, viewer.accountId, code.id, `user:${viewer.userId}`)!;
    c.header("cache-control", "no-store");
    return c.html(render(c, stay.id, { revealed: { codeId: code.id, pin: revealed.pin } }));
  });

  web.post("/dashboard/stays/:id/overrides", host, async (c) => {
    const viewer = c.get("viewer");
    const stay = findOwnStay(db, viewer.accountId, c.req.param("id"));
    const property = findOwnProperty(db, viewer.accountId, stay.propertyId);
    const form = await c.req.parseBody();
    const early = fromLocalInput(typeof form.earlyCheckIn === "string" ? form.earlyCheckIn : "", property.timezone);
    const late = fromLocalInput(typeof form.lateCheckOut === "string" ? form.lateCheckOut : "", property.timezone);
    const refuse = (error: string, status: 400 | 409) => c.html(render(c, stay.id, { overrideError: error, flash: { kind: "bad", text: error } }), status);
    if (early === undefined || late === undefined) return refuse("Enter a date and time, or leave the box empty.", 400);
    if (stay.status === "cancelled") return refuse("This stay is cancelled: there is no guest to let in.", 409);
    let changed: boolean;
    try {
      changed = db.transaction((tx) => {
        // The API's own patch: the same reach rule for overrides, and a sync that wrote the stay meanwhile wins.
        const wrote = applyStayPatch({ db: tx as unknown as typeof db, box, clock }, stay, property, {
          earlyCheckInAt: early?.toISOString() ?? null,
          lateCheckOutAt: late?.toISOString() ?? null,
        });
        if (wrote) {
          // The outer handle on purpose: recordAudit needs the raw connection, and SQLite runs it inside this transaction.
          recordAudit(db, clock, {
            accountId: viewer.accountId, actor: `user:${viewer.userId}`, action: "stay.override", subjectType: "stay", subjectId: stay.id,
            detail: { earlyCheckInAt: early?.toISOString() ?? null, lateCheckOutAt: late?.toISOString() ?? null },
          });
        }
        return wrote;
      });
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) return refuse("This stay changed while you were editing it. Check the times below and save again.", 409);
      if (err instanceof ApiError && err.status === 400) return refuse(OVERRIDE_REFUSED[err.errors?.[0]?.path ?? ""] ?? err.message, 400);
      throw err;
    }
    if (changed) await tellPlanner(stay.id);
    setFlash(c, config, { kind: "ok", text: changed ? "Overrides saved. The door code's window follows them; the PIN stays the same." : "Nothing changed." });
    return c.redirect(`/dashboard/stays/${stay.id}`, 303);
  });

  web.post("/dashboard/stays/:id/contact", host, async (c) => {
    const viewer = c.get("viewer");
    const stay = findOwnStay(db, viewer.accountId, c.req.param("id"));
    const form = await c.req.parseBody();
    const values = Object.fromEntries(CONTACT_FIELDS.map((k) => [k, typeof form[k] === "string" ? (form[k] as string).trim() : ""]));
    const fail = (errors: FieldErrors, status: 400 | 409, text = "Guest contact not saved: please fix the highlighted fields.") =>
      c.html(render(c, stay.id, { contact: { values, errors }, flash: { kind: "bad", text } }), status);
    if (stay.status === "cancelled") return fail({}, 409, "This stay is cancelled: there is no guest to contact.");
    // The API's own patch schema, so a number the API would refuse is refused here too; an emptied box clears the field.
    const parsed = stayPatch.safeParse({
      guestName: values.guestName || null,
      guestPhone: values.guestPhone ? values.guestPhone.replace(/[\s().-]/g, "") : null,
      guestEmail: values.guestEmail || null,
    });
    if (!parsed.success) return fail(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])), 400);
    const property = findOwnProperty(db, viewer.accountId, stay.propertyId);
    let changed: boolean;
    try {
      changed = db.transaction((tx) => {
        const wrote = applyStayPatch({ db: tx as unknown as typeof db, box, clock }, stay, property, parsed.data);
        if (wrote) {
          // Which fields changed, never their values: the audit trail must not hold a phone number.
          const told = openStay(box, stay);
          const fields = CONTACT_FIELDS.filter((k) => (parsed.data[k] ?? null) !== (told[k] ?? null));
          recordAudit(db, clock, {
            accountId: viewer.accountId, actor: `user:${viewer.userId}`, action: "stay.guest_contact", subjectType: "stay", subjectId: stay.id, detail: { fields },
          });
        }
        return wrote;
      });
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) return fail({}, 409, "This stay changed while you were editing it. Check the details below and save again.");
      throw err;
    }
    if (changed) await tellPlanner(stay.id);
    setFlash(c, config, { kind: "ok", text: changed ? "Guest contact saved." : "Nothing changed." });
    return c.redirect(`/dashboard/stays/${stay.id}`, 303);
  });

  web.post("/dashboard/stays/:id/resend", host, async (c) => {
    const viewer = c.get("viewer");
    const stay = findOwnStay(db, viewer.accountId, c.req.param("id"));
    const resend = deps.web?.resendGuestCode;
    if (!resend) {
      setFlash(c, config, { kind: "bad", text: "Resending is not available yet: message delivery is not connected." });
    } else {
      try {
        await resend.call(deps.web, viewer.accountId, stay.id);
        setFlash(c, config, { kind: "ok", text: "The code is on its way to the guest again." });
      } catch (err) {
        // Delivery errors can quote a phone number: the host gets a plain sentence, the log gets the error name.
        deps.logger.warn({ stayId: stay.id, err: { name: (err as Error).name } }, "resendGuestCode hook failed");
        setFlash(c, config, { kind: "bad", text: "Could not resend the code just now. The message log below shows the last attempt." });
      }
    }
    return c.redirect(`/dashboard/stays/${stay.id}`, 303);
  });
}
