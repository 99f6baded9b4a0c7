import type { Context, Hono } from "hono";
import { deleteAccount, type UnreachableLock } from "../../services/accounts/delete-account";
import type { ServiceDeps } from "../../services/deps";
import { exportAccount } from "../../services/operations/account-export";
import { accountSettings } from "../../services/team/members";
import type { Viewer } from "../../services/web/sessions";
import { toWire } from "../../routes/serialize";
import { requireViewer } from "../auth";
import { clearSessionCookie, setFlash, takeFlash } from "../cookies";
import type { WebEnv } from "../env";
import { Field } from "../fields";
import { formRefusalOf } from "../form-refusal";
import { CsrfField, Layout, type Flash } from "../layout";
import type { FieldErrors } from "../property-form";

function AccountPage(props: { viewer: Viewer; name: string; flash?: Flash | null; errors?: FieldErrors; unreachable?: UnreachableLock[] }) {
  const { viewer } = props;
  return (
    <Layout title="Account" viewer={viewer} flash={props.flash} section="account">
      <h1>Account</h1>
      <section class="card" aria-labelledby="export-h">
        <h2 id="export-h">Your data</h2>
        <p>Download every record of <strong>{props.name}</strong> as one JSON file: properties, locks, calendars, stays with your guests' contact details, codes (without PINs), messages, alerts and the audit log.</p>
        <p><a href="/dashboard/account/export" download>Download the export</a> <span class="small muted">(the same document as GET /api/v1/export)</span></p>
      </section>
      <section class="card" aria-labelledby="delete-h">
        <h2 id="delete-h">Delete this account</h2>
        <p>
          staykey first removes every door code it put on your locks, so no guest, cleaner or visitor keeps a working code, then deletes
          every property, calendar, stay, contact, message, alert, member and API key of this account. This cannot be undone: download the
          export first if you want to keep anything.
        </p>
        {props.unreachable?.length ? (
          <div role="alert" data-testid="unreachable-locks">
            <p><strong>Nothing was deleted:</strong> these locks could not be reached, so their codes could not be removed.</p>
            <ul>{props.unreachable.map((l) => <li>{l.name}: {l.reason} ({l.codes} code{l.codes === 1 ? "" : "s"})</li>)}</ul>
            <p>Try again when they are back online, or tick the box below to delete anyway and remove those codes on the lock or in its app yourself.</p>
          </div>
        ) : null}
        <form method="post" action="/dashboard/account/delete">
          <CsrfField viewer={viewer} />
          <Field name="confirm" label={`Type the account's name, ${props.name}, to confirm`} errors={props.errors} required autocomplete="off" />
          {props.unreachable?.length ? (
            <label><input type="checkbox" name="force" value="true" /> Delete anyway, leaving the codes on the locks that could not be reached</label>
          ) : null}
          <button type="submit">Delete this account and all its data</button>
        </form>
      </section>
    </Layout>
  );
}

/** The owner's account page: the data export and the deletion, with the account's name typed to confirm. */
export function registerAccountPages(web: Hono<WebEnv>, deps: ServiceDeps) {
  const { config } = deps;
  const owner = requireViewer(deps, ["owner"]);
  const render = (c: Context<WebEnv>, extra: { flash?: Flash | null; errors?: FieldErrors; unreachable?: UnreachableLock[] } = {}) => {
    const viewer = c.get("viewer");
    return <AccountPage viewer={viewer} name={accountSettings(deps, viewer.accountId).name} {...extra} />;
  };

  web.get("/dashboard/account", owner, (c) => c.html(render(c, { flash: takeFlash(c, config) })));

  web.get("/dashboard/account/export", owner, (c) => {
    // The same document, byte for byte in shape, as GET /api/v1/export.
    const data = toWire(exportAccount(deps, c.get("viewer").accountId));
    c.header("content-disposition", `attachment; filename="staykey-export-${data.exportedAt.slice(0, 10)}.json"`);
    c.header("cache-control", "no-store");
    return c.json(data);
  });

  web.post("/dashboard/account/delete", owner, async (c) => {
    const form = await c.req.parseBody();
    const confirm = typeof form.confirm === "string" ? form.confirm : "";
    try {
      const outcome = await deleteAccount(deps, c.get("viewer").accountId, { confirm, force: form.force === "true" });
      if (!outcome.deleted) {
        return c.html(render(c, { unreachable: outcome.unreachableLocks, flash: { kind: "bad", text: "Some locks could not be reached; nothing was deleted." } }), 409);
      }
      clearSessionCookie(c, config);
      setFlash(c, config, { kind: "ok", text: "The account and all its data were deleted." });
      return c.redirect("/login", 303);
    } catch (err) {
      const refusal = formRefusalOf(err);
      return c.html(render(c, { errors: refusal.errors, flash: { kind: "bad", text: refusal.message } }), refusal.status);
    }
  });
}
