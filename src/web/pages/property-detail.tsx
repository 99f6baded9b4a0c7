import type { PropertySetup } from "../../services/properties/property-views";
import type { Viewer } from "../../services/web/sessions";
import { CodeBadge, MessageBadge, SeverityBadge } from "../badges";
import { ownerBlockNote, stayTitle } from "../../domain/stays/stay-title";
import type { TimeContext } from "../../domain/time";
import { formatWindow, zoned } from "../format";
import { CsrfField, Layout, type Flash } from "../layout";
import type { AlertRow } from "../../services/alerts/open-alerts";
import type { BatteryHistory } from "../../services/health/battery-history";
import type { TimelineEntry } from "../../services/stays/property-timeline";
import { AddLockForm, type AddLockState } from "./add-lock-form";
import { Fold } from "../fold";
import { FeedItem, LockItem } from "./manage-items";
import { PropertyTabs } from "./property-tabs";
import { ManualStayForm, type ManualStayFormState } from "./manual-stay-form";
import { PropertyCleaners, type CleanerChoice } from "./property-cleaners";

export interface PropertyPageData extends PropertySetup {
  viewer: Viewer;
  timeline: TimelineEntry[];
  addLock: AddLockState;
  alerts: AlertRow[];
  flash?: Flash | null;
  feedError?: string;
  /** Per lock, how many codes on it still open the door. */
  liveCodes: Map<string, number>;
  /** The "add a stay by hand" form as the host last sent it, when it came back with errors. */
  addStay?: ManualStayFormState;
  /** Per lock, its battery over the last 30 days. */
  batteries: Map<string, BatteryHistory>;
  /** The account's cleaners, ticked when they clean this property. */
  cleaners: CleanerChoice[];
}

function Timeline(props: { entries: TimelineEntry[]; tz: TimeContext }) {
  if (props.entries.length === 0) return <p class="muted">No upcoming stays. Connect a calendar below, or wait for its next sync.</p>;
  return (
    <ol class="plain" aria-label="Upcoming stays and turnovers">
      {props.entries.map(({ stay, status, turnover }) => stay.kind === "block" ? (
        // The owner's own block: no guest, so no code or message to wait for.
        <li class="block-item">
          <span class="badge s-idle">owner block</span>{" "}
          <a href={`/dashboard/stays/${stay.id}`}>{ownerBlockNote(stay.summary) ?? "Blocked by the owner"}</a>{" "}
          <span class="small">{formatWindow(stay.checkInAt, stay.checkOutAt, props.tz)}</span>
        </li>
      ) : (
        <li>
          <a href={`/dashboard/stays/${stay.id}`}>
            <strong>{stayTitle(stay)}</strong>
          </a>{" "}
          <span class="small">{formatWindow(stay.earlyCheckInAt ?? stay.checkInAt, stay.lateCheckOutAt ?? stay.checkOutAt, props.tz)}</span>
          <br />
          {status.codeStates.length ? status.codeStates.map((s) => <CodeBadge state={s} />) : <CodeBadge state={null} />} <MessageBadge status={status.messageStatus} />
          {stay.conflict ? <span class="badge s-bad">overlaps another stay</span> : null}
          {turnover ? (
            <p class="small muted" style="margin:.25rem 0 0">
              Turnover {formatWindow(turnover.startsAt, turnover.endsAt, props.tz)}
              {turnover.cleaners.map((c) => (
                <>
                  {" · "}
                  {c.name} <CodeBadge state={c.state} />
                </>
              ))}
            </p>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

export function PropertyPage(d: PropertyPageData) {
  const p = d.property;
  return (
    <Layout title={p.name} viewer={d.viewer} section="properties" flash={d.flash}>
      <h1>{p.name}</h1>
      <PropertyTabs propertyId={p.id} current="overview" name={p.name} />
      <p class="muted small">{p.address ? `${p.address} · ` : ""}{p.timezone} · check-in {p.checkInTime}, checkout {p.checkOutTime} · <a href={`/dashboard/properties/${p.id}/settings`}>change</a></p>
      {d.alerts.length ? (
        <section class="card" aria-labelledby="p-alerts">
          <h2 id="p-alerts" style="margin-top:0">Open alerts</h2>
          <ul class="plain">
            {d.alerts.map((a) => <li><SeverityBadge severity={a.severity} /> {a.title}</li>)}
          </ul>
          <a href="/dashboard/alerts">Review alerts</a>
        </section>
      ) : null}
      <section aria-labelledby="timeline">
        <h2 id="timeline">Upcoming stays</h2>
        <Timeline entries={d.timeline} tz={zoned(p, d.viewer)} />
        <ManualStayForm viewer={d.viewer} property={p} state={d.addStay} />
      </section>
      <section aria-labelledby="calendars">
        <h2 id="calendars">Calendars</h2>
        <ul class="plain">
          {d.feeds.map((f) => <FeedItem viewer={d.viewer} propertyId={p.id} feed={f} tz={zoned(p, d.viewer)} />)}
        </ul>
        <Fold summary="Connect a calendar" open={d.feeds.length === 0 || Boolean(d.feedError)}>
        <form method="post" action={`/dashboard/properties/${p.id}/feeds`}>
          <CsrfField viewer={d.viewer} />
          <label for="feed-url">Calendar (iCal) URL</label>
          <input id="feed-url" name="url" type="url" inputmode="url" required placeholder="https://www.airbnb.com/calendar/ical/…" aria-invalid={d.feedError ? "true" : undefined} aria-describedby={d.feedError ? "feed-url-err" : "feed-url-hint"} />
          <p id="feed-url-hint" class="muted small">From your listing's export calendar settings. It is stored encrypted and never shown in full again.</p>
          {d.feedError ? <p id="feed-url-err" class="error-text">{d.feedError}</p> : null}
          <button type="submit">Connect calendar</button>
        </form>
        </Fold>
      </section>
      <section aria-labelledby="locks">
        <h2 id="locks">Locks</h2>
        {d.locks.length === 0 ? <p class="muted">No locks yet.</p> : null}
        <ul class="plain">
          {d.locks.map((l) => <LockItem viewer={d.viewer} propertyId={p.id} lock={l} tz={zoned(p, d.viewer)} liveCodes={d.liveCodes.get(l.id) ?? 0} battery={d.batteries.get(l.id)} />)}
        </ul>
        <Fold summary="Add a lock" open={d.locks.length === 0 || Boolean(d.addLock.errors)}>
          <AddLockForm viewer={d.viewer} propertyId={p.id} connections={d.connections} state={d.addLock} />
        </Fold>
      </section>
      <PropertyCleaners viewer={d.viewer} propertyId={p.id} cleaners={d.cleaners} />
    </Layout>
  );
}
