import type { Child } from "hono/jsx";
import type { Context, Hono } from "hono";
import { programStayCodesNow, regenerateStayPin } from "../../services/access/stay-code-actions";
import type { ServiceDeps } from "../../services/deps";
import { ServiceError } from "../../services/errors";
import { findProperty, findStay } from "../../services/lookups";
import { cancelManualStay } from "../../services/stays/manual-stay";
import { followsFeed } from "../../services/stays/stay-record";
import type { Viewer } from "../../services/web/sessions";
import { requireViewer } from "../auth";
import { setFlash } from "../cookies";
import type { WebEnv } from "../env";
import { formatWindow, zoned } from "../format";
import { CsrfField, Layout } from "../layout";

/** A second step before a change that cannot be taken back: what it does, in words, and one button to do it. */
function ConfirmPage(props: { viewer: Viewer; title: string; action: string; submit: string; back: string; backLabel: string; children?: Child }) {
  return (
    <Layout title={props.title} viewer={props.viewer} section="properties">
      <p class="small"><a href={props.back}>← {props.backLabel}</a></p>
      <h1>{props.title}</h1>
      <section class="card">
        {props.children}
        <form method="post" action={props.action} class="row">
          <CsrfField viewer={props.viewer} />
          <div><button type="submit">{props.submit}</button></div>
          <div><a href={props.back}>{props.backLabel}</a></div>
        </form>
      </section>
    </Layout>
  );
}

/** A refusal from a stay action, as the stay page's flash says it; a stay that is not the viewer's stays a 404. */
function refusalText(err: unknown): string {
  if (!(err instanceof ServiceError) || err.kind === "not_found") throw err;
  return `${err.message.charAt(0).toUpperCase()}${err.message.slice(1)}.`;
}

/**
 * The stay page's actions beyond editing it: a new PIN for the guest and cancelling a manual stay (each confirmed on a
 * page of its own first), and putting the stay's codes on the lock now. Each calls the service the API calls.
 */
export function registerStayActions(web: Hono<WebEnv>, deps: ServiceDeps) {
  const { db, config } = deps;
  const host = requireViewer(deps, ["owner", "manager"]);
  const stayOf = (c: Context<WebEnv>) => {
    const viewer = c.get("viewer");
    const stay = findStay(db, viewer.accountId, c.req.param("id")!);
    return { viewer, stay, property: findProperty(db, viewer.accountId, stay.propertyId), back: `/dashboard/stays/${stay.id}` };
  };
  const guestName = (s: { guestName: string | null }) => s.guestName ?? "the guest";

  web.get("/dashboard/stays/:id/new-pin", host, (c) => {
    const { viewer, stay, property, back } = stayOf(c);
    return c.html(
      <ConfirmPage viewer={viewer} title="Give the guest a new PIN?" action={`${back}/new-pin`} submit="Yes, replace the PIN" back={back} backLabel="Keep the current PIN">
        <p>{guestName(stay)} · {property.name} · {formatWindow(stay.earlyCheckInAt ?? stay.checkInAt, stay.lateCheckOutAt ?? stay.checkOutAt, zoned(property, viewer))}</p>
        <ul>
          <li>The current PIN stops working: it is removed from every lock at {property.name} now.</li>
          <li>A new PIN is set on the locks (at the property's usual lead before check-in, or use "Program now" on the stay).</li>
          <li>Once a lock confirms it, {guestName(stay)} is sent the new PIN by text or email, as the first one was: at once if they already had the old one.</li>
        </ul>
      </ConfirmPage>,
    );
  });

  web.post("/dashboard/stays/:id/new-pin", host, async (c) => {
    const { viewer, stay, back } = stayOf(c);
    try {
      await regenerateStayPin(deps, viewer.accountId, stay.id, `user:${viewer.userId}`);
      setFlash(c, config, { kind: "ok", text: "New PIN planned. The old one is being removed from the lock; the guest is sent the new one once the lock confirms it." });
    } catch (err) {
      setFlash(c, config, { kind: "bad", text: refusalText(err) });
    }
    return c.redirect(back, 303);
  });

  web.post("/dashboard/stays/:id/program-now", host, async (c) => {
    const { viewer, stay, back } = stayOf(c);
    try {
      const { queued, atWindowStart, alreadyOn } = await programStayCodesNow(deps, viewer.accountId, stay.id, `user:${viewer.userId}`);
      const text = queued === 0
        ? alreadyOn > 0 ? "The code is already on the lock (or being set)." : "There is no code to put on a lock: does the property have a lock?"
        : atWindowStart > 0
          ? "Programming now. A lock without its own schedule takes the code only when the stay's window opens, so it cannot open the door early."
          : "Programming now: the code goes onto the lock in the next moments.";
      setFlash(c, config, { kind: queued === 0 && alreadyOn === 0 ? "bad" : "ok", text });
    } catch (err) {
      setFlash(c, config, { kind: "bad", text: refusalText(err) });
    }
    return c.redirect(back, 303);
  });

  web.get("/dashboard/stays/:id/cancel", host, (c) => {
    const { viewer, stay, property, back } = stayOf(c);
    if (followsFeed(stay)) {
      setFlash(c, config, { kind: "bad", text: "This stay comes from a calendar: cancel it on the booking platform and the next sync cancels it here." });
      return c.redirect(back, 303);
    }
    return c.html(
      <ConfirmPage viewer={viewer} title="Cancel this stay?" action={`${back}/cancel`} submit="Yes, cancel the stay" back={back} backLabel="Keep the stay">
        <p>{guestName(stay)} · {property.name} · {formatWindow(stay.checkInAt, stay.checkOutAt, zoned(property, viewer))}</p>
        <ul>
          <li>Its door codes are removed from every lock at {property.name}, as for a cancelled reservation.</li>
          <li>Messages to the guest that have not gone out are withdrawn; the cleaner's turnover after it is moved or cancelled.</li>
          <li>The stay stays in the history, marked cancelled.</li>
        </ul>
      </ConfirmPage>,
    );
  });

  web.post("/dashboard/stays/:id/cancel", host, async (c) => {
    const { viewer, stay, back } = stayOf(c);
    try {
      const { changed } = await cancelManualStay(deps, viewer.accountId, stay.id);
      setFlash(c, config, { kind: "ok", text: changed ? "Stay cancelled. Its codes are being removed from the lock." : "This stay was already cancelled." });
    } catch (err) {
      setFlash(c, config, { kind: "bad", text: refusalText(err) });
    }
    return c.redirect(back, 303);
  });
}
