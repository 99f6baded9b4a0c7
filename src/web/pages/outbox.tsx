import type { Hono } from "hono";
import { desc, eq } from "drizzle-orm";
import { messages } from "../../db/schema";
import { openRecipient } from "../../services/contact-details/contact-details";
import { messageBodyAssociatedData } from "../../services/delivery/message-rows";
import { requireViewer } from "../auth";
import { MessageBadge } from "../badges";
import type { WebEnv } from "../env";
import type { WebDeps } from "../hooks";
import { Layout } from "../layout";

const utc = (d: Date | null) => (d ? `${d.toISOString().slice(0, 16).replace("T", " ")} UTC` : "—");

/** Every message staykey sent or will send; with the built-in outbox provider this is where guests' texts land. */
export function registerOutboxPage(web: Hono<WebEnv>, deps: WebDeps) {
  const { db, box } = deps;
  web.get("/dashboard/outbox", requireViewer(deps, ["owner", "manager"]), (c) => {
    const viewer = c.get("viewer");
    const rows = db.select().from(messages).where(eq(messages.accountId, viewer.accountId)).orderBy(desc(messages.createdAt), desc(messages.id)).limit(200).all();
    return c.html(
      <Layout title="Outbox" viewer={viewer}>
        <h1>Outbox</h1>
        <p class="muted">The latest 200 messages to guests, cleaners and you.</p>
        {rows.length === 0 ? <p class="muted">No messages yet.</p> : null}
        <ul class="plain">
          {rows.map((m) => (
            <li>
              <strong>{m.purpose}</strong> to {openRecipient(box, m)} <span class="small muted">by {m.channel} via {m.provider}, {utc(m.createdAt)}</span> <MessageBadge status={m.status} />
              {m.error ? <p class="error-text">{m.error}</p> : null}
              <details>
                <summary>Show message</summary>
                {m.subject ? <p><strong>{m.subject}</strong></p> : null}
                <p class="preview">{box.decrypt(m.bodyEnc, messageBodyAssociatedData(m.id))}</p>
              </details>
            </li>
          ))}
        </ul>
      </Layout>,
    );
  });
}
