import type { Context, Hono } from "hono";
import { feedUrl, issueCleanerFeedToken } from "../../services/cleaners/ical-token";
import { cleanerTurnovers, type CleanerTurnover } from "../../services/cleaners/turnovers";
import { lookups } from "../../services/lookups";
import type { Viewer } from "../../services/web/sessions";
import { requireViewer } from "../auth";
import { CodeBadge } from "../badges";
import type { WebEnv } from "../env";
import { formatWindow, zoned } from "../format";
import type { ServiceDeps } from "../../services/deps";
import { CsrfField, Layout } from "../layout";

function CleanerPage(props: { viewer: Viewer; turnovers: CleanerTurnover[]; hasLink: boolean; newLink?: string }) {
  return (
    <Layout title="My turnovers" viewer={props.viewer} section="turnovers">
      <h1>My turnovers</h1>
      {props.turnovers.length === 0 ? <p class="muted">No upcoming turnovers.</p> : null}
      <ul class="plain" aria-label="Upcoming turnovers">
        {props.turnovers.map((t) => (
          <li data-testid="turnover">
            <strong>{t.propertyName}</strong>
            {t.address ? <span class="small muted"> · {t.address}</span> : null}
            <br />
            <span>{formatWindow(t.startsAt, t.endsAt, zoned(t, props.viewer))}</span>
            {t.codes.length === 0 ? <p class="muted small" style="margin:0">Your code has not been issued yet.</p> : null}
            {t.codes.map((c) => (
              <p style="margin:.25rem 0">
                {c.lockName}: {c.pin ? <span class="pin">{c.pin}</span> : null} <CodeBadge state={c.state} />
                <span class="small muted"> works {formatWindow(c.validFrom, c.validTo, zoned(t, props.viewer))}</span>
              </p>
            ))}
          </li>
        ))}
      </ul>
      <section class="card" aria-labelledby="cal">
        <h2 id="cal" style="margin-top:0">Calendar feed</h2>
        {props.newLink ? (
          <>
            <p>Subscribe to this link in your phone's calendar. It shows your turnovers, not your codes (those come by text or email). Keep it private; it is shown only now.</p>
            <label for="cal-link">Your calendar link</label>
            <input id="cal-link" readonly value={props.newLink} />
          </>
        ) : (
          <p class="muted">{props.hasLink ? "You have a calendar link. Making a new one stops the old one working." : "Get a link your phone's calendar can subscribe to."}</p>
        )}
        <form method="post" action="/cleaner/calendar-link">
          <CsrfField viewer={props.viewer} />
          <button type="submit">{props.hasLink ? "Make a new calendar link" : "Get my calendar link"}</button>
        </form>
      </section>
    </Layout>
  );
}

export function registerCleanerPortal(web: Hono<WebEnv>, deps: ServiceDeps) {
  const { db, clock, box, config } = deps;
  const cleaner = requireViewer(deps, ["cleaner"]);

  const contactOf = (viewer: Viewer) => (viewer.contactId ? lookups.contact.maybe(db, viewer.accountId, viewer.contactId) ?? null : null);
  const render = (c: Context<WebEnv>, newLink?: string) => {
    const viewer = c.get("viewer");
    const contact = contactOf(viewer);
    const list = contact ? cleanerTurnovers(db, box, { accountId: viewer.accountId, contactId: contact.id }, clock.now()) : [];
    return c.html(<CleanerPage viewer={viewer} turnovers={list} hasLink={!!contact?.icalTokenHash} newLink={newLink} />);
  };

  web.get("/cleaner", cleaner, (c) => render(c));

  // The feed itself is served by /ical/cleaner/<token>.ics (src/routes/ical), the same one the API issues.
  web.post("/cleaner/calendar-link", cleaner, (c) => {
    const viewer = c.get("viewer");
    const contact = contactOf(viewer);
    if (!contact) return render(c);
    const { path } = issueCleanerFeedToken(deps, viewer.accountId, contact.id);
    return render(c, feedUrl(path, config.STAYKEY_PUBLIC_URL, new URL(c.req.url).origin));
  });
}
