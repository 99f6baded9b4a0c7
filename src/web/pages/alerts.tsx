import type { Hono } from "hono";
import { acknowledgeAlert, type Acknowledged } from "../../services/alerts/acknowledge-alert";
import { alertsByStatus, type AlertRow } from "../../services/alerts/host-alerts";
import type { Viewer } from "../../services/web/sessions";
import { requireViewer } from "../auth";
import { SeverityBadge } from "../badges";
import type { TimeContext } from "../../domain/time";
import { alertSubjects, type AlertSubject } from "../../services/alerts/alert-subjects";
import { formatInstant, zoned } from "../format";
import { setFlash, takeFlash } from "../cookies";
import type { WebEnv } from "../env";
import type { ServiceDeps } from "../../services/deps";
import { CsrfField, Layout, type Flash } from "../layout";

const ACKNOWLEDGED: Record<Acknowledged, string> = { acknowledged: "Acknowledged", already_acknowledged: "Acknowledged", resolved: "Already resolved" };

type Subjects = Map<string, AlertSubject | null>;

/** An alert's times in its property's zone; an account-wide alert's in the viewer's zone, else UTC. */
function timeOf(viewer: Viewer, subject: AlertSubject | null | undefined): TimeContext {
  if (subject?.property) return zoned(subject.property, viewer);
  return { zone: viewer.timeZone ?? "UTC", locale: "en-US", viewerZone: viewer.timeZone };
}

function About(props: { subject: AlertSubject | null | undefined }) {
  const s = props.subject;
  if (!s) return null;
  return (
    <p class="small" style="margin:.15rem 0">
      About <a href={s.href}>{s.label}</a>
      {s.property && s.property.name !== s.label ? <> at <a href={`/dashboard/properties/${s.property.id}`}>{s.property.name}</a></> : null}
    </p>
  );
}

function AlertsPage(props: { viewer: Viewer; open: AlertRow[]; resolved: AlertRow[]; subjects: Subjects; flash: Flash | null }) {
  const at = (d: Date | null, a: AlertRow) => formatInstant(d, timeOf(props.viewer, props.subjects.get(a.id)));
  return (
    <Layout title="Alerts" viewer={props.viewer} section="alerts" flash={props.flash}>
      <h1>Alerts</h1>
      {props.open.length === 0 ? <p class="s-ok">Nothing needs attention.</p> : null}
      <ul class="plain" aria-label="Open alerts">
        {props.open.map((a) => (
          <li id={`alert-${a.id}`}>
            <SeverityBadge severity={a.severity} /> <strong>{a.title}</strong>
            <span class="small muted"> opened {at(a.openedAt, a)}</span>
            <About subject={props.subjects.get(a.id)} />
            {a.detail ? <p class="small" style="margin:.25rem 0">{a.detail}</p> : null}
            {a.acknowledgedAt ? (
              <p class="small muted" style="margin:0">Acknowledged {at(a.acknowledgedAt, a)}; it stays open until the cause is fixed.</p>
            ) : (
              <form method="post" action={`/dashboard/alerts/${a.id}/acknowledge`}>
                <CsrfField viewer={props.viewer} />
                <button type="submit" class="secondary" aria-label={`Acknowledge: ${a.title}`}>Acknowledge</button>
              </form>
            )}
          </li>
        ))}
      </ul>
      <h2>Recently resolved</h2>
      {props.resolved.length === 0 ? <p class="muted">None.</p> : null}
      <ul class="plain">
        {props.resolved.map((a) => <li class="muted">{a.title} <span class="small">resolved {at(a.resolvedAt, a)}</span><About subject={props.subjects.get(a.id)} /></li>)}
      </ul>
    </Layout>
  );
}

export function registerAlertPages(web: Hono<WebEnv>, deps: ServiceDeps) {
  const { db, config } = deps;
  const host = requireViewer(deps, ["owner", "manager"]);

  web.get("/dashboard/alerts", host, (c) => {
    const viewer = c.get("viewer");
    const { open, resolved } = alertsByStatus(db, viewer.accountId);
    const subjects = alertSubjects(db, viewer.accountId, [...open, ...resolved]);
    return c.html(<AlertsPage viewer={viewer} open={open} resolved={resolved} subjects={subjects} flash={takeFlash(c, config)} />);
  });

  web.post("/dashboard/alerts/:id/acknowledge", host, (c) => {
    const viewer = c.get("viewer");
    const { alert, outcome } = acknowledgeAlert(deps, viewer.accountId, c.req.param("id"), `user:${viewer.userId}`);
    setFlash(c, config, { kind: "ok", text: `${ACKNOWLEDGED[outcome]}: ${alert.title}` });
    return c.redirect("/dashboard/alerts", 303);
  });
}
