import type { Hono } from "hono";
import { and, desc, eq } from "drizzle-orm";
import { alerts } from "../../db/schema";
import type { Viewer } from "../../services/web/sessions";
import { requireViewer } from "../auth";
import { SeverityBadge } from "../badges";
import { setFlash, takeFlash } from "../cookies";
import type { WebEnv } from "../env";
import type { WebDeps } from "../hooks";
import { CsrfField, Layout, type Flash } from "../layout";
import type { AlertRow } from "../queries/open-alerts";
import { notFoundPage } from "../web-error";

const utc = (d: Date | null) => (d ? `${d.toISOString().slice(0, 16).replace("T", " ")} UTC` : "—");

function AlertsPage(props: { viewer: Viewer; open: AlertRow[]; resolved: AlertRow[]; flash: Flash | null }) {
  return (
    <Layout title="Alerts" viewer={props.viewer} flash={props.flash}>
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

export function registerAlertPages(web: Hono<WebEnv>, deps: WebDeps) {
  const { db, clock, config } = deps;
  const host = requireViewer(deps, ["owner", "manager"]);

  web.get("/dashboard/alerts", host, (c) => {
    const viewer = c.get("viewer");
    const of = (status: "open" | "resolved", limit: number) =>
      db.select().from(alerts).where(and(eq(alerts.accountId, viewer.accountId), eq(alerts.status, status))).orderBy(desc(alerts.openedAt)).limit(limit).all();
    return c.html(<AlertsPage viewer={viewer} open={of("open", 500)} resolved={of("resolved", 20)} flash={takeFlash(c, config)} />);
  });

  web.post("/dashboard/alerts/:id/acknowledge", host, (c) => {
    const viewer = c.get("viewer");
    const alert = db.select().from(alerts).where(and(eq(alerts.id, c.req.param("id")), eq(alerts.accountId, viewer.accountId))).get();
    if (!alert) throw notFoundPage("That alert");
    // Acknowledging silences re-notification; only the condition clearing resolves an alert.
    if (alert.status === "open" && !alert.acknowledgedAt) {
      db.update(alerts).set({ acknowledgedAt: clock.now(), acknowledgedBy: `user:${viewer.userId}`, updatedAt: clock.now() }).where(eq(alerts.id, alert.id)).run();
    }
    setFlash(c, config, { kind: "ok", text: `Acknowledged: ${alert.title}` });
    return c.redirect("/dashboard/alerts", 303);
  });
}
