import type { Hono } from "hono";
import { openRecipient } from "../../services/contact-details/contact-details";
import { maskedMessageBody, mayHoldPin } from "../../services/delivery/message-body";
import type { MessageRow } from "../../services/delivery/message-rows";
import { latestMessages, readMessage } from "../../services/delivery/read-messages";
import type { Viewer } from "../../services/web/sessions";
import { requireViewer } from "../auth";
import { MessageBadge } from "../badges";
import type { WebEnv } from "../env";
import type { ServiceDeps } from "../../services/deps";
import { CsrfField, Layout } from "../layout";

const utc = (d: Date | null) => (d ? `${d.toISOString().slice(0, 16).replace("T", " ")} UTC` : "—");

function MessageHead(props: { m: MessageRow; recipient: string }) {
  const { m } = props;
  return (
    <>
      <strong>{m.purpose}</strong> to {props.recipient} <span class="small muted">by {m.channel} via {m.provider}, {utc(m.createdAt)}</span> <MessageBadge status={m.status} />
      {m.error ? <p class="error-text">{m.error}</p> : null}
    </>
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
  const { db, box } = deps;
  const hosts = requireViewer(deps, ["owner", "manager"]);
  web.get("/dashboard/outbox", hosts, (c) => {
    const viewer = c.get("viewer");
    const rows = latestMessages(db, viewer.accountId, 200);
    return c.html(
      <Layout title="Outbox" viewer={viewer} section="outbox">
        <h1>Outbox</h1>
        <p class="muted">The latest 200 messages to guests, cleaners and you. PINs are masked.</p>
        {rows.length === 0 ? <p class="muted">No messages yet.</p> : null}
        <ul class="plain">
          {rows.map((m) => (
            <li>
              <MessageHead m={m} recipient={openRecipient(box, m)} />
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
        <div><MessageHead m={m} recipient={openRecipient(box, m)} /></div>
        {m.subject ? <p><strong>{m.subject}</strong></p> : null}
        <p class="preview">{body}</p>
        <p class="small muted">This read is recorded in the audit log. <a href="/dashboard/outbox">Back to the outbox</a></p>
      </Layout>,
    );
  });
}
