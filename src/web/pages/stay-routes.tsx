import type { Context, Hono } from "hono";
import { revealStayCodePin } from "../../services/access/reveal-pin";
import { resendGuestCode } from "../../services/delivery/resend-message";
import { checkOutEarly } from "../../services/door/checkout";
import { ServiceError } from "../../services/errors";
import { findProperty, findStay } from "../../services/lookups";
import { stayDetails } from "../../services/stays/stay-details";
import { stayPatch } from "../../services/stays/stay-input";
import { StayChangeRefused } from "../../services/stays/stay-record";
import { updateStay, type StayEdit, type StayPatch } from "../../services/stays/update-stay";
import { requireViewer } from "../auth";
import { setFlash, takeFlash } from "../cookies";
import type { WebEnv } from "../env";
import { fromLocalInput } from "../format";
import type { ServiceDeps } from "../../services/deps";
import type { Flash } from "../layout";
import type { FieldErrors } from "../property-form";
import { guestLinkUrl } from "../../routes/guest-link-url";
import { stayGuestPath } from "../../services/guests/guest-links";
import { isStayUnreachable } from "../../services/guests/guest-reach";
import { StayPage } from "./stay-page";

const CONTACT_FIELDS = ["guestName", "guestPhone", "guestEmail"] as const;

/** The API's override rule (checkOverrides) in the host's words, by the field it refused. */
const OVERRIDE_REFUSED: Record<string, string> = {
  earlyCheckInAt: "An early check-in must fall within the 24 hours before the usual check-in.",
  lateCheckOutAt: "A late checkout must fall within the 24 hours after the usual checkout.",
};

export function registerStayPages(web: Hono<WebEnv>, deps: ServiceDeps) {
  const { db, config } = deps;
  const host = requireViewer(deps, ["owner", "manager"]);

  const render = (
    c: Context<WebEnv>,
    stayId: string,
    extra: { flash?: Flash | null; overrideError?: string; contact?: { values: Record<string, string>; errors: FieldErrors }; revealed?: { codeId: string; pin: string } } = {},
  ) => {
    const details = stayDetails(deps, c.get("viewer").accountId, stayId);
    const guestLink = details.stay.kind === "block" || details.stay.echoOfStayId ? undefined : guestLinkUrl(deps, c, stayGuestPath(deps.box, details.stay));
    return <StayPage viewer={c.get("viewer")} {...details} guestLink={guestLink} unreachable={isStayUnreachable(deps.db, details.stay.id)} {...extra} />;
  };

  /** The API's own change to a stay, by the viewer; a refusal comes back as the error for the form to show. */
  const save = async (c: Context<WebEnv>, stayId: string, input: StayPatch, edit: StayEdit): Promise<{ changed: boolean } | ServiceError> => {
    const viewer = c.get("viewer");
    try {
      const { changed } = await updateStay(deps, viewer.accountId, stayId, input, { actor: `user:${viewer.userId}`, edit });
      return { changed };
    } catch (err) {
      if (err instanceof ServiceError && err.kind !== "not_found") return err;
      throw err;
    }
  };

  web.get("/dashboard/stays/:id", host, (c) => c.html(render(c, c.req.param("id"), { flash: takeFlash(c, config) })));

  // A PIN is read on purpose, one at a time, and the read is audited like the API's GET /access-codes/{id}.
  web.post("/dashboard/stays/:id/codes/:codeId/pin", host, (c) => {
    const viewer = c.get("viewer");
    const stayId = c.req.param("id");
    const { code, pin } = revealStayCodePin(deps, viewer.accountId, stayId, c.req.param("codeId"), `user:${viewer.userId}`);
    c.header("cache-control", "no-store");
    return c.html(render(c, stayId, { revealed: { codeId: code.id, pin } }));
  });

  web.post("/dashboard/stays/:id/overrides", host, async (c) => {
    const viewer = c.get("viewer");
    const stay = findStay(db, viewer.accountId, c.req.param("id"));
    const { timezone } = findProperty(db, viewer.accountId, stay.propertyId);
    const form = await c.req.parseBody();
    const early = fromLocalInput(typeof form.earlyCheckIn === "string" ? form.earlyCheckIn : "", timezone);
    const late = fromLocalInput(typeof form.lateCheckOut === "string" ? form.lateCheckOut : "", timezone);
    const refuse = (error: string, status: 400 | 409) => c.html(render(c, stay.id, { overrideError: error, flash: { kind: "bad", text: error } }), status);
    if (early === undefined || late === undefined) return refuse("Enter a date and time, or leave the box empty.", 400);
    const saved = await save(c, stay.id, { earlyCheckInAt: early?.toISOString() ?? null, lateCheckOutAt: late?.toISOString() ?? null }, "stay.override");
    if (saved instanceof StayChangeRefused && saved.reason === "cancelled") return refuse("This stay is cancelled: there is no guest to let in.", 409);
    if (saved instanceof StayChangeRefused) return refuse("This stay changed while you were editing it. Check the times below and save again.", 409);
    if (saved instanceof ServiceError) return refuse(OVERRIDE_REFUSED[saved.fields?.[0]?.path ?? ""] ?? saved.message, 400);
    setFlash(c, config, { kind: "ok", text: saved.changed ? "Overrides saved. The door code's window follows them; the PIN stays the same." : "Nothing changed." });
    return c.redirect(`/dashboard/stays/${stay.id}`, 303);
  });

  web.post("/dashboard/stays/:id/contact", host, async (c) => {
    const viewer = c.get("viewer");
    const stay = findStay(db, viewer.accountId, c.req.param("id"));
    const form = await c.req.parseBody();
    const values = Object.fromEntries(CONTACT_FIELDS.map((k) => [k, typeof form[k] === "string" ? (form[k] as string).trim() : ""]));
    const fail = (errors: FieldErrors, status: 400 | 409, text = "Guest contact not saved: please fix the highlighted fields.") =>
      c.html(render(c, stay.id, { contact: { values, errors }, flash: { kind: "bad", text } }), status);
    // The service's patch schema, the API's too, so a number the API would refuse is refused here; an emptied box clears the field.
    const parsed = stayPatch.safeParse({
      guestName: values.guestName || null,
      guestPhone: values.guestPhone ? values.guestPhone.replace(/[\s().-]/g, "") : null,
      guestEmail: values.guestEmail || null,
    });
    if (!parsed.success) return fail(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])), 400);
    const saved = await save(c, stay.id, parsed.data, "stay.guest_contact");
    if (saved instanceof StayChangeRefused && saved.reason === "cancelled") return fail({}, 409, "This stay is cancelled: there is no guest to contact.");
    if (saved instanceof StayChangeRefused) return fail({}, 409, "This stay changed while you were editing it. Check the details below and save again.");
    if (saved instanceof ServiceError) throw saved;
    setFlash(c, config, { kind: "ok", text: saved.changed ? "Guest contact saved." : "Nothing changed." });
    return c.redirect(`/dashboard/stays/${stay.id}`, 303);
  });

  web.post("/dashboard/stays/:id/checkout", host, async (c) => {
    const viewer = c.get("viewer");
    const stayId = c.req.param("id");
    try {
      const { outcome } = await checkOutEarly(deps, viewer.accountId, stayId, `user:${viewer.userId}`);
      setFlash(c, config, { kind: "ok", text: outcome === "checked_out" ? "Checked out. The guest code stops working now and the cleaner's window starts now." : "This stay was already checked out." });
    } catch (err) {
      if (!(err instanceof ServiceError) || err.kind === "not_found") throw err;
      return c.html(render(c, stayId, { flash: { kind: "bad", text: err.message === "this stay has not begun; cancel it instead of checking it out" ? "This stay has not begun yet: there is no guest to check out." : "Only a confirmed stay that is not over can be checked out." } }), 409);
    }
    return c.redirect(`/dashboard/stays/${stayId}`, 303);
  });

  web.post("/dashboard/stays/:id/resend", host, async (c) => {
    const viewer = c.get("viewer");
    const stay = findStay(db, viewer.accountId, c.req.param("id"));
    try {
      await resendGuestCode(deps, viewer.accountId, stay.id);
      setFlash(c, config, { kind: "ok", text: "The code is on its way to the guest again." });
    } catch (err) {
      // Delivery errors can quote a phone number: the host gets a plain sentence, the log gets the error name.
      deps.logger.warn({ stayId: stay.id, err: { name: (err as Error).name } }, "resending a guest's code failed");
      setFlash(c, config, { kind: "bad", text: "Could not resend the code just now. The message log below shows the last attempt." });
    }
    return c.redirect(`/dashboard/stays/${stay.id}`, 303);
  });
}
