import type { Hono } from "hono";
import { acknowledgeAlert, type Acknowledged } from "../../services/alerts/acknowledge-alert";
import { alertsByStatus, type AlertRow } from "../../services/alerts/host-alerts";
import type { Viewer } from "../../services/web/sessions";
import { requireViewer } from "../auth";
import { SeverityBadge } from "../badges";
import { setFlash, takeFlash } from "../cookies";
import type { WebEnv } from "../env";
import type { ServiceDeps } from "../../services/deps";
import { CsrfField, Layout, type Flash } from "../layout";

const ACKNOWLEDGED: Record<Acknowledged, string> = { acknowledged: "Acknowledged", already_acknowledged: "Acknowledged", resolved: "Already resolved" };

const utc = (d: Date | null) => (d ? `${d.toISOString().slice(0, 16).replace("T", " ")} UTC` : "—");

function AlertsPage(props: { viewer: Viewer; open: AlertRow[]; resolved: AlertRow[]; flash: Flash | null }) {
  return (
    <Layout title="Alerts" viewer={props.viewer} section="alerts" flash={props.flash}>
      <h1>Alerts</h1>
      {props.open.length === 0 ? <p class="s-ok">Nothing needs attention.</p> : null}
      <ul class="plain" aria-label="Open alerts">
        {props.open.map((a) => (
          <li id={`alert-${a.id}`}>
            <SeverityBadge severity={a.severity} /> <strong>{a.title}</strong>
            <span class="small muted"> opened {utc(a.openedAt)}</span>
            {a.detail ? <p class="small" style="margin:.25rem 0">{a.detail}</p> : null}
            {a.acknowledgedAt ? (
              <p class="small muted" style="margin:0">Acknowledged {utc(a.acknowledgedAt)}; it stays open until the cause is fixed.</p>
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
        {props.resolved.map((a) => <li class="muted">{a.title} <span class="small">resolved {utc(a.resolvedAt)}</span></li>)}
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
    return c.html(<AlertsPage viewer={viewer} open={open} resolved={resolved} flash={takeFlash(c, config)} />);
  });

  web.post("/dashboard/alerts/:id/acknowledge", host, (c) => {
    const viewer = c.get("viewer");
    const { alert, outcome } = acknowledgeAlert(deps, viewer.accountId, c.req.param("id"), `user:${viewer.userId}`);
    setFlash(c, config, { kind: "ok", text: `${ACKNOWLEDGED[outcome]}: ${alert.title}` });
    return c.redirect("/dashboard/alerts", 303);
  });
}
