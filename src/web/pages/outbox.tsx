import type { Hono } from "hono";
import { openRecipient } from "../../services/contact-details/contact-details";
import { maskedMessageBody, mayHoldPin } from "../../services/delivery/message-body";
import type { MessageRow } from "../../services/delivery/message-rows";
import { readMessage } from "../../services/delivery/read-messages";
import { OUTBOX_PURPOSES, outboxEntries, type OutboxEntry, type OutboxFilter, outboxProperties } from "../../services/delivery/outbox-view";
import { MESSAGE_STATUSES } from "../../domain/messages/status-order";
import { formatInstant, zoned } from "../format";
import type { Viewer } from "../../services/web/sessions";
import { requireViewer } from "../auth";
import { MessageBadge } from "../badges";
import type { WebEnv } from "../env";
import type { ServiceDeps } from "../../services/deps";
import { CsrfField, Layout } from "../layout";

const PURPOSE_LABELS: Record<string, string> = {
  guest_code: "Guest code",
  guest_update: "Guest update",
  cleaner_notice: "Cleaner notice",
  cleaner_update: "Cleaner update",
  cleaner_cancel: "Cleaner cancellation",
  alert: "Alert to you",
  alert_digest: "Alert digest",
};

function MessageHead(props: { m: MessageRow; recipient: string; entry?: OutboxEntry; viewer: Viewer }) {
  const { m, entry } = props;
  const tz = entry?.property ? zoned(entry.property, props.viewer) : { zone: props.viewer.timeZone ?? "UTC", locale: "en-US", viewerZone: props.viewer.timeZone };
  return (
    <>
      <strong>{PURPOSE_LABELS[m.purpose] ?? m.purpose}</strong> to {entry?.recipientName ? <>{entry.recipientName} ({props.recipient})</> : props.recipient}
      {entry?.property ? <> · <a href={`/dashboard/properties/${entry.property.id}`}>{entry.property.name}</a></> : null}{" "}
      <span class="small muted">by {m.channel} via {m.provider}, {formatInstant(m.createdAt, tz)}</span> <MessageBadge status={m.status} />
      {m.stayId ? <> <a class="small" href={`/dashboard/stays/${m.stayId}`}>stay</a></> : null}
      {m.error ? <p class="error-text">{m.error}</p> : null}
    </>
  );
}

const str = (v: string | undefined) => (v && v.length <= 100 ? v : undefined);

/** One filter: a labelled select whose first choice is "all". */
function Pick(props: { name: string; label: string; all: string; options: { value: string; label: string }[]; selected?: string }) {
  return (
    <div>
      <label for={`of-${props.name}`}>{props.label}</label>
      <select id={`of-${props.name}`} name={props.name}>
        <option value="">{props.all}</option>
        {props.options.map((o) => <option value={o.value} selected={o.value === props.selected}>{o.label}</option>)}
      </select>
    </div>
  );
}

function Filters(props: { filter: OutboxFilter; properties: { id: string; name: string }[] }) {
  const f = props.filter;
  return (
    <form method="get" action="/dashboard/outbox" class="card row" aria-label="Filter messages">
      <Pick name="property" label="Property" all="All properties" options={props.properties.map((p) => ({ value: p.id, label: p.name }))} selected={f.propertyId} />
      <Pick name="kind" label="Kind" all="All kinds" options={OUTBOX_PURPOSES.map((k) => ({ value: k, label: PURPOSE_LABELS[k] ?? k }))} selected={f.purpose} />
      <Pick name="state" label="State" all="All states" options={MESSAGE_STATUSES.map((v) => ({ value: v, label: v }))} selected={f.status} />
      <div><button type="submit">Filter</button></div>
    </form>
  );
}

function RevealForm(props: { m: MessageRow; viewer: Viewer }) {
  return (
    <form method="post" action={`/dashboard/outbox/${props.m.id}/reveal`}>
      <CsrfField viewer={props.viewer} />
      <button type="submit">Reveal PIN</button> <span class="small muted">recorded in the audit log</span>
    </form>
  );
}

/**
 * Every message staykey sent or will send; with the built-in outbox provider this is where guests' texts land. Bodies
 * show with their PIN masked; "Reveal PIN" shows one message as sent and records who read it.
 */
export function registerOutboxPage(web: Hono<WebEnv>, deps: ServiceDeps) {
  const { box } = deps;
  const hosts = requireViewer(deps, ["owner", "manager"]);
  web.get("/dashboard/outbox", hosts, (c) => {
    const viewer = c.get("viewer");
    const filter: OutboxFilter = { propertyId: str(c.req.query("property")), purpose: str(c.req.query("kind")), status: str(c.req.query("state")) };
    const entries = outboxEntries(deps, viewer.accountId, filter, 200);
    const filtered = Boolean(filter.propertyId || filter.purpose || filter.status);
    return c.html(
      <Layout title="Outbox" viewer={viewer} section="outbox">
        <h1>Outbox</h1>
        <p class="muted">The latest 200 messages to guests, cleaners and you. PINs are masked.</p>
        <Filters filter={filter} properties={outboxProperties(deps, viewer.accountId)} />
        {entries.length === 0 ? <p class="muted">{filtered ? "No messages match these filters." : "No messages yet."}</p> : null}
        <ul class="plain" aria-label="Messages">
          {entries.map(({ message: m, ...entry }) => (
            <li>
              <MessageHead m={m} recipient={openRecipient(box, m)} entry={{ message: m, ...entry }} viewer={viewer} />
              <details>
                <summary>Show message</summary>
                {m.subject ? <p><strong>{m.subject}</strong></p> : null}
                <p class="preview">{maskedMessageBody(box, m)}</p>
                {mayHoldPin(m.purpose) ? <RevealForm m={m} viewer={viewer} /> : null}
              </details>
            </li>
          ))}
        </ul>
      </Layout>,
    );
  });

  web.post("/dashboard/outbox/:id/reveal", hosts, (c) => {
    const viewer = c.get("viewer");
    const { message: m, body } = readMessage(deps, viewer.accountId, c.req.param("id"), { revealPin: true, actor: `user:${viewer.userId}`, role: viewer.role });
    return c.html(
      <Layout title="Message" viewer={viewer} section="outbox">
        <h1>Message</h1>
        <div><MessageHead m={m} recipient={openRecipient(box, m)} viewer={viewer} /></div>
        {m.subject ? <p><strong>{m.subject}</strong></p> : null}
        <p class="preview">{body}</p>
        <p class="small muted">This read is recorded in the audit log. <a href="/dashboard/outbox">Back to the outbox</a></p>
      </Layout>,
    );
  });
}
