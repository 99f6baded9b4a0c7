import type { StayDetails } from "../../services/stays/stay-details";
import type { Viewer } from "../../services/web/sessions";
import { CodeBadge, MessageBadge } from "../badges";
import { Field } from "../fields";
import { zoneLabel } from "../../domain/time";
import { formatInstant, formatWindow, toLocalInput, zoned } from "../format";
import { CsrfField, Layout, type Flash } from "../layout";
import { COPY_SCRIPT_PATH, CopyBox } from "./copy-script";
import type { FieldErrors } from "../property-form";
import { DOOR_EVENT_WORDS } from "../door-words";

/** What the guest did on the guest page, as the host reads it in the trail ("Guest viewed the code" at 15:42). */
const GUEST_ACTIONS: Record<string, string> = {
  "guest.page_opened": "Guest opened the guest page",
  "guest.code_viewed": "Guest viewed the code",
  "guest.contact_changed": "Guest left a phone or email",
};

export interface StayPageData extends StayDetails {
  viewer: Viewer;
  /** The one PIN the host just asked for (and the audit log recorded), shown beside its code. */
  revealed?: { codeId: string; pin: string };
  flash?: Flash | null;
  overrideError?: string;
  /** What the host typed, kept when the contact form comes back with errors. */
  contact?: { values: Record<string, string>; errors: FieldErrors };
  /** The stay's own guest page, to send a guest the check-in link cannot identify (none for blocks and echoes). */
  guestLink?: string;
  /** The code is on the lock and nobody can hand it over (no phone, no email, guest page never opened). */
  unreachable?: boolean;
}


export function StayPage(d: StayPageData) {
  const { stay, property: p } = d;
  const zone = p.timezone;
  const tz = zoned(p, d.viewer);
  return (
    <Layout title={stay.guestName ?? "Stay"} viewer={d.viewer} section="properties" flash={d.flash}>
      <p class="small"><a href={`/dashboard/properties/${p.id}`}>← {p.name}</a></p>
      <h1>{stay.guestName ?? stay.summary ?? "Stay"}</h1>
      <p>{formatWindow(stay.earlyCheckInAt ?? stay.checkInAt, stay.lateCheckOutAt ?? stay.checkOutAt, tz)}</p>
      {stay.status === "cancelled" ? <p class="flash bad">This stay was cancelled {formatInstant(stay.cancelledAt, tz)}.</p> : null}
      {stay.status === "confirmed" && stay.feedId === null && stay.kind !== "block" ? (
        <p class="small">Entered by hand · <a href={`/dashboard/stays/${stay.id}/cancel`}>Cancel this stay…</a></p>
      ) : null}
      <section class="card" aria-labelledby="guest">
        <h2 id="guest" style="margin-top:0">Guest</h2>
        {d.unreachable ? (
          <p class="flash bad" data-testid="unreachable">
            <span class="badge s-bad">unreachable</span> The door code is on the lock, but this guest has no phone or email and has not opened the guest page. Send them the guest link below, or add their phone or email.
          </p>
        ) : null}
        <dl>
          <dt>Name</dt><dd>{stay.guestName ?? "—"}</dd>
          <dt>Phone</dt><dd>{stay.guestPhone ?? (stay.guestPhoneLast4 ? `ending ${stay.guestPhoneLast4}` : "—")}</dd>
          <dt>Email</dt><dd>{stay.guestEmail ?? "—"}</dd>
          <dt>Reservation</dt><dd>{stay.reservationCode ?? "—"}</dd>
        </dl>
        {d.guestLink && stay.status !== "cancelled" ? (
          <>
            <CopyBox id="guest-link" label="Guest page link" value={d.guestLink} buttonLabel="Copy guest link" />
            <p class="muted small">The guest sees the door code there once the lock confirmed it, and can leave a number or email to get it by text or email.</p>
            <script src={COPY_SCRIPT_PATH} defer></script>
          </>
        ) : null}
        {stay.status === "cancelled" ? null : (
          <form method="post" action={`/dashboard/stays/${stay.id}/contact`} aria-labelledby="contact">
            <h3 id="contact">Guest contact</h3>
            <CsrfField viewer={d.viewer} />
            <p class="muted small">Calendars rarely carry more than the phone's last four digits: the door code goes out by text or email only once you add them here.</p>
            <Field name="guestName" label="Guest name" value={d.contact ? d.contact.values.guestName : stay.guestName} errors={d.contact?.errors} />
            <Field name="guestPhone" label="Mobile phone" type="tel" value={d.contact ? d.contact.values.guestPhone : stay.guestPhone} errors={d.contact?.errors} hint="With country code, such as +14155550123." />
            <Field name="guestEmail" label="Guest email" type="email" value={d.contact ? d.contact.values.guestEmail : stay.guestEmail} errors={d.contact?.errors} />
            <button type="submit">Save guest contact</button>
          </form>
        )}
      </section>
      <section class="card" aria-labelledby="codes">
        <h2 id="codes" style="margin-top:0">Door codes</h2>
        {d.codes.length === 0 ? <p class="muted">No code planned yet.</p> : null}
        <ul class="plain">
          {d.codes.map(({ code, lock, pinReadable }) => (
            <li>
              {lock?.name ?? "lock"} <CodeBadge state={code.state} /> <span class="small">{formatWindow(code.validFrom, code.validTo, tz)}</span>
              {code.lastError ? <p class="error-text">{code.lastError}</p> : null}
              {d.revealed?.codeId === code.id ? (
                <p>PIN <span class="pin">{d.revealed.pin}</span> <span class="small muted">(this read is recorded in the audit log)</span></p>
              ) : pinReadable ? (
                <form method="post" action={`/dashboard/stays/${stay.id}/codes/${code.id}/pin`} class="inline">
                  <CsrfField viewer={d.viewer} />
                  <button type="submit" class="secondary">Show PIN</button>
                </form>
              ) : null}
            </li>
          ))}
        </ul>
        <form method="post" action={`/dashboard/stays/${stay.id}/resend`}>
          <CsrfField viewer={d.viewer} />
          <button type="submit">Resend code to guest</button>
        </form>
        {stay.status === "confirmed" && stay.kind !== "block" && !stay.echoOfStayId ? (
          <>
            <form method="post" action={`/dashboard/stays/${stay.id}/program-now`}>
              <CsrfField viewer={d.viewer} />
              <p class="muted small" id="program-hint">Codes go onto the lock {p.programLeadMinutes >= 60 ? `${Math.round(p.programLeadMinutes / 60)} h` : `${p.programLeadMinutes} min`} before check-in. Program now to have the lock take it at once (a lock without its own schedule still waits for the stay's window).</p>
              <button type="submit" class="secondary" aria-describedby="program-hint">Program now</button>
            </form>
            <p><a href={`/dashboard/stays/${stay.id}/new-pin`}>Give the guest a new PIN…</a></p>
          </>
        ) : null}
      </section>
      <section class="card" aria-labelledby="door">
        <h2 id="door" style="margin-top:0">Door activity</h2>
        <p>
          {stay.checkedOutAt
            ? `Checked out early ${formatInstant(stay.checkedOutAt, tz)}: the guest code stopped working then and cleaning started.`
            : stay.checkedInAt ? `Arrived ${formatInstant(stay.checkedInAt, tz)} (first unlock with the guest's code).` : "Not arrived yet: the guest's code has not opened a door."}
        </p>
        {d.doorEvents.length === 0 ? <p class="muted">No door events for this stay's codes yet.</p> : (
          <div class="table-wrap">
            <table>
              <thead><tr><th scope="col">When</th><th scope="col">Door</th><th scope="col">What happened</th><th scope="col">How</th></tr></thead>
              <tbody>
                {d.doorEvents.map((e) => (
                  <tr>
                    <td>{formatInstant(e.occurredAt, tz)}</td>
                    <td>{e.lockName}</td>
                    <td>{DOOR_EVENT_WORDS[e.kind] ?? e.kind}</td>
                    <td class="small">{e.method}{e.actor ? ` · ${e.actor} code` : ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {stay.status === "confirmed" && !stay.checkedOutAt ? (
          <form method="post" action={`/dashboard/stays/${stay.id}/checkout`}>
            <CsrfField viewer={d.viewer} />
            <p class="muted small" id="checkout-hint">The guest has left: their code stops working now and the cleaner's window starts now (the cleaner is told).</p>
            <button type="submit" aria-describedby="checkout-hint">Check out now</button>
          </form>
        ) : null}
      </section>
      <form method="post" action={`/dashboard/stays/${stay.id}/overrides`} class="card" aria-labelledby="overrides">
        <h2 id="overrides" style="margin-top:0">Overrides</h2>
        <CsrfField viewer={d.viewer} />
        <p id="override-hint" class="muted small">Enter times as the clock at {p.name} shows them ({zoneLabel(zone)}, {zone}). Leave empty for the usual {p.checkInTime} check-in and {p.checkOutTime} checkout.</p>
        <div class="row">
          <div>
            <label for="early">Early check-in ({zoneLabel(zone)})</label>
            <input id="early" name="earlyCheckIn" type="datetime-local" value={toLocalInput(stay.earlyCheckInAt, zone)} aria-describedby={d.overrideError ? "override-hint override-err" : "override-hint"} />
          </div>
          <div>
            <label for="late">Late checkout ({zoneLabel(zone)})</label>
            <input id="late" name="lateCheckOut" type="datetime-local" value={toLocalInput(stay.lateCheckOutAt, zone)} aria-describedby={d.overrideError ? "override-hint override-err" : "override-hint"} />
          </div>
        </div>
        {d.overrideError ? <p id="override-err" class="error-text">{d.overrideError}</p> : null}
        <button type="submit">Save overrides</button>
      </form>
      <section aria-labelledby="msgs">
        <h2 id="msgs">Messages</h2>
        {d.messages.length === 0 ? <p class="muted">None yet.</p> : null}
        <ul class="plain">
          {d.messages.map((m) => <li>{formatInstant(m.createdAt, tz)} · {m.channel} · {m.purpose} <MessageBadge status={m.status} /></li>)}
        </ul>
      </section>
      <section aria-labelledby="audit">
        <h2 id="audit">Audit trail</h2>
        {d.audit.length === 0 ? <p class="muted">Nothing recorded yet.</p> : null}
        <div class="table-wrap" tabindex={0} role="region" aria-label="Audit trail entries (scrolls sideways)">
          <table>
            <thead><tr><th scope="col">When</th><th scope="col">Action</th><th scope="col">By</th><th scope="col">Outcome</th></tr></thead>
            <tbody>
              {d.audit.map((e) => (
                <tr>
                  <td>{formatInstant(e.at, tz)}</td>
                  <td>{GUEST_ACTIONS[e.action] ?? e.action}{e.provider ? ` (${e.provider})` : ""}</td>
                  <td class="small">{e.actor}</td>
                  <td><span class={`badge ${e.outcome === "ok" ? "s-ok" : "s-bad"}`}>{e.outcome}</span></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </Layout>
  );
}
