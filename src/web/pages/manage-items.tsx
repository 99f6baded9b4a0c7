import type { TimeContext } from "../../domain/time";
import type { FeedView } from "../../services/calendar/feeds";
import type { LockRow } from "../../services/locks/locks";
import type { Viewer } from "../../services/web/sessions";
import { LockHealth } from "../badges";
import { formatInstant } from "../format";
import { CsrfField } from "../layout";
import type { BatteryHistory } from "../../services/health/battery-history";
import { BatteryChart } from "./battery-chart";

const PLATFORM: Record<string, string> = { airbnb: "Airbnb", vrbo: "Vrbo", booking: "Booking.com", generic: "iCal" };

/** The name a host gave the calendar, else its platform's. */
export const feedName = (f: Pick<FeedView, "name" | "source">) => f.name ?? `${PLATFORM[f.source] ?? "iCal"} calendar`;

/** A calendar's last problem in a sentence: how often it failed, since when, what the platform answered. */
export function feedProblem(f: FeedView, tz: TimeContext): string | null {
  if (f.status === "paused") return "Paused: staykey does not read this calendar until you resume it.";
  if (!f.lastError) return null;
  const platform = PLATFORM[f.source] ?? "The calendar";
  const times = f.consecutiveFailures > 1 ? `${f.consecutiveFailures} times in a row` : "on the last try";
  const since = f.lastSuccessAt ? `; last good read ${formatInstant(f.lastSuccessAt, tz)}` : "; it has never been read";
  return `${platform === "iCal" ? "The calendar" : platform} failed ${times} (last try ${formatInstant(f.lastSyncAt, tz)}${since}): ${f.lastError}`;
}

function Post(props: { viewer: Viewer; action: string; label: string; secondary?: boolean; describedBy?: string; children?: unknown }) {
  return (
    <form method="post" action={props.action} class="inline-form">
      <CsrfField viewer={props.viewer} />
      {props.children}
      <button type="submit" class={props.secondary ? "secondary" : undefined} aria-label={props.describedBy}>{props.label}</button>
    </form>
  );
}

export function FeedItem(props: { viewer: Viewer; propertyId: string; feed: FeedView; tz: TimeContext }) {
  const f = props.feed;
  const base = `/dashboard/properties/${props.propertyId}/feeds/${f.id}`;
  const name = feedName(f);
  const problem = feedProblem(f, props.tz);
  return (
    <li id={`feed-${f.id}`}>
      <strong>{name}</strong> <span class="badge s-idle">{PLATFORM[f.source] ?? "iCal"}</span>{" "}
      <span class={`badge ${f.status === "ok" ? "s-ok" : f.status === "pending" || f.status === "paused" ? "s-idle" : "s-bad"}`}>{f.status}</span>
      <span class="small muted"> last read {formatInstant(f.lastSuccessAt, props.tz)}</span>
      {problem ? <p class={f.status === "paused" ? "muted small" : "error-text"}>{problem}</p> : null}
      <details class="manage">
        <summary>Manage {name}</summary>
        <div>
          <p class="small muted">Address: <code>{f.urlRedacted}</code></p>
          {f.paused ? null : <Post viewer={props.viewer} action={`${base}/sync`} label="Sync now" describedBy={`Sync ${name} now`} />}
          <Post viewer={props.viewer} action={`${base}/${f.paused ? "resume" : "pause"}`} label={f.paused ? "Resume" : "Pause"} secondary describedBy={`${f.paused ? "Resume" : "Pause"} ${name}`} />
          <form method="post" action={`${base}/rename`} class="row">
            <CsrfField viewer={props.viewer} />
            <div>
              <label for={`fn-${f.id}`}>Name</label>
              <input id={`fn-${f.id}`} name="name" value={f.name ?? ""} maxlength={100} placeholder={name} />
            </div>
            <div><button type="submit" class="secondary" aria-label={`Rename ${name}`}>Rename</button></div>
          </form>
          <p class="small">Removing the calendar keeps the stays it brought in, and their guests' codes; new bookings on it are no longer seen.</p>
          <Post viewer={props.viewer} action={`${base}/delete`} label="Remove calendar" secondary describedBy={`Remove ${name}`} />
        </div>
      </details>
    </li>
  );
}

export function LockItem(props: { viewer: Viewer; propertyId: string; lock: LockRow; tz: TimeContext; liveCodes: number; battery?: BatteryHistory }) {
  const l = props.lock;
  const base = `/dashboard/properties/${props.propertyId}/locks/${l.id}`;
  return (
    <li id={`lock-${l.id}`}>
      <strong>{l.name}</strong> <span class="small muted">({l.provider})</span> <LockHealth online={l.online} batteryLevel={l.batteryLevel} batteryStatus={l.batteryStatus} />
      <span class="small muted"> last seen {formatInstant(l.lastSeenAt, props.tz)}</span>
      {props.battery ? <BatteryChart history={props.battery} lockName={l.name} tz={props.tz} /> : null}
      <details class="manage">
        <summary>Manage {l.name}</summary>
        <div>
          <Post viewer={props.viewer} action={`${base}/check`} label="Check now" describedBy={`Check ${l.name} now`} />
          <form method="post" action={`${base}/rename`} class="row">
            <CsrfField viewer={props.viewer} />
            <div>
              <label for={`ln-${l.id}`}>Name</label>
              <input id={`ln-${l.id}`} name="name" value={l.name} required maxlength={100} />
            </div>
            <div><button type="submit" class="secondary" aria-label={`Rename ${l.name}`}>Rename</button></div>
          </form>
          {l.provider === "simulated" ? (
            <form method="post" action={`${base}/keypad`} class="row" autocomplete="off">
              <CsrfField viewer={props.viewer} />
              <div>
                <label for={`kp-${l.id}`}>Type a PIN at the keypad (simulated lock)</label>
                <input id={`kp-${l.id}`} name="pin" inputmode="numeric" pattern="[0-9]{4,8}" required maxlength={8} autocomplete="off" />
              </div>
              <div><button type="submit" class="secondary" aria-label={`Try the PIN at ${l.name}`}>Try PIN</button></div>
            </form>
          ) : null}
          <p class="small">
            {props.liveCodes > 0
              ? `${l.name} holds ${props.liveCodes} code${props.liveCodes === 1 ? "" : "s"} that still open the door. It can be removed once they are revoked (at each stay's checkout), so no PIN that works is forgotten.`
              : `Removing ${l.name} forgets it; it holds no code that opens the door. Upcoming guests get codes only on the property's other locks.`}
          </p>
          <Post viewer={props.viewer} action={`${base}/delete`} label="Remove lock" secondary describedBy={`Remove ${l.name}`} />
        </div>
      </details>
    </li>
  );
}
