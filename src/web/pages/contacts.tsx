import type { Context, Hono } from "hono";
import { contactInput, contactPatch } from "../../routes/v1/contacts/schema";
import type { ContactView } from "../../services/contacts/contacts";
import { createContact, updateContact } from "../../services/contacts/contacts";
import { contactDirectory, propertyChoices, reachableContact, setCleanerProperties, type GuestEntry } from "../../services/contacts/directory";
import type { ServiceDeps } from "../../services/deps";
import { ServiceError } from "../../services/errors";
import type { Viewer } from "../../services/web/sessions";
import { requireViewer, viewerActor } from "../auth";
import { setFlash, takeFlash } from "../cookies";
import type { WebEnv } from "../env";
import { Field } from "../fields";
import { Fold } from "../fold";
import { formatWindow, zoned } from "../format";
import { CsrfField, Layout, type Flash } from "../layout";
import type { FieldErrors } from "../property-form";

type Choice = { id: string; name: string };
interface FormState {
  values: { name?: string; phone?: string; email?: string; propertyIds: string[] };
  errors?: FieldErrors;
}

const ROLE_WORDS: Record<string, string> = { cleaner: "Cleaner", alerts: "Alert recipient" };

/** Name, phone, email and the properties a cleaner cleans: the add and edit forms are the same boxes. */
function PersonFields(props: { state: FormState; properties: Choice[]; role: string }) {
  const v = props.state.values;
  const picked = new Set(v.propertyIds);
  return (
    <>
      <Field name="name" label="Name" value={v.name} errors={props.state.errors} required autocomplete="off" />
      <Field name="phone" label="Mobile phone" type="tel" value={v.phone} errors={props.state.errors} hint="With country code, such as +14155550123. A phone or an email is needed." autocomplete="off" />
      <Field name="email" label="Email" type="email" value={v.email} errors={props.state.errors} autocomplete="off" />
      {props.role === "cleaner" && props.properties.length ? (
        <fieldset>
          <legend>Cleans these properties (gets a code for each turnover there)</legend>
          {props.properties.map((p) => <label><input type="checkbox" name="propertyIds" value={p.id} checked={picked.has(p.id)} /> {p.name}</label>)}
        </fieldset>
      ) : null}
    </>
  );
}

function GuestRow(props: { g: GuestEntry; viewer: Viewer }) {
  const { g } = props;
  return (
    <tr>
      <td><a href={`/dashboard/stays/${g.stayId}`}>{g.name}</a>{g.status === "cancelled" ? <span class="badge s-idle">cancelled</span> : null}</td>
      <td class="small">{[g.phone, g.email].filter(Boolean).join(" · ") || "—"}</td>
      <td><a href={`/dashboard/properties/${g.propertyId}`}>{g.propertyName}</a></td>
      <td class="small">{formatWindow(g.checkInAt, g.checkOutAt, zoned(g, props.viewer))}</td>
    </tr>
  );
}

function ContactsPage(props: { viewer: Viewer; q: string; people: ContactView[]; guests: GuestEntry[]; properties: Choice[]; add: FormState; flash?: Flash | null }) {
  const names = new Map(props.properties.map((p) => [p.id, p.name]));
  return (
    <Layout title="Contacts" viewer={props.viewer} section="contacts" flash={props.flash}>
      <h1>Contacts</h1>
      <form method="get" action="/dashboard/contacts" class="card row" role="search" aria-label="Search contacts">
        <div>
          <label for="contact-q">Name, phone or email</label>
          <input id="contact-q" name="q" type="search" value={props.q} maxlength={100} />
        </div>
        <div><button type="submit">Search</button></div>
      </form>
      <section aria-labelledby="people">
        <h2 id="people">Cleaners and alert recipients</h2>
        {props.people.length === 0 ? <p class="muted">{props.q ? "No one matches." : "No cleaners yet."}</p> : (
          <ul class="plain">
            {props.people.map((c) => (
              <li>
                <a href={`/dashboard/contacts/${c.id}`}><strong>{c.name}</strong></a> <span class="badge s-idle">{ROLE_WORDS[c.role] ?? c.role}</span>{" "}
                <span class="small">{[c.phone, c.email].filter(Boolean).join(" · ")}</span>
                {c.role === "cleaner" ? <p class="small muted" style="margin:.25rem 0 0">{c.propertyIds.length ? `Cleans ${c.propertyIds.map((id) => names.get(id) ?? "another property").join(", ")}` : "Not assigned to a property yet"}</p> : null}
              </li>
            ))}
          </ul>
        )}
        {props.viewer.propertyIds === null ? (
          <Fold summary="Add a cleaner" open={Boolean(props.add.errors)} id="add-cleaner">
            <form method="post" action="/dashboard/contacts">
              <CsrfField viewer={props.viewer} />
              <PersonFields state={props.add} properties={props.properties} role="cleaner" />
              <button type="submit">Add cleaner</button>
            </form>
          </Fold>
        ) : null}
      </section>
      <section aria-labelledby="guests">
        <h2 id="guests">Guests</h2>
        {props.guests.length === 0 ? <p class="muted">{props.q ? "No guest matches." : "No guests yet."}</p> : (
          <div class="table-wrap" tabindex={0} role="region" aria-label="Guests (scrolls sideways)">
            <table>
              <thead><tr><th scope="col">Guest</th><th scope="col">Phone · email</th><th scope="col">Property</th><th scope="col">Stay</th></tr></thead>
              <tbody>{props.guests.map((g) => <GuestRow g={g} viewer={props.viewer} />)}</tbody>
            </table>
          </div>
        )}
      </section>
    </Layout>
  );
}

function ContactPage(props: { viewer: Viewer; contact: ContactView; properties: Choice[]; state: FormState; flash?: Flash | null }) {
  const c = props.contact;
  return (
    <Layout title={c.name} viewer={props.viewer} section="contacts" flash={props.flash}>
      <p class="small"><a href="/dashboard/contacts">← Contacts</a></p>
      <h1>{c.name}</h1>
      <p><span class="badge s-idle">{ROLE_WORDS[c.role] ?? c.role}</span></p>
      <form method="post" action={`/dashboard/contacts/${c.id}`} class="card" aria-labelledby="edit-h">
        <h2 id="edit-h" style="margin-top:0">Details</h2>
        <CsrfField viewer={props.viewer} />
        <PersonFields state={props.state} properties={props.properties} role={c.role} />
        {c.role === "cleaner" ? <p class="muted small">Taking a property away removes this cleaner's codes there from the lock now.</p> : null}
        <button type="submit">Save</button>
      </form>
    </Layout>
  );
}

const text = (form: Record<string, unknown>, k: string) => (typeof form[k] === "string" ? (form[k] as string).trim() : "");
function readForm(form: Record<string, unknown>): FormState["values"] {
  const ids = [form.propertyIds ?? []].flat().filter((x): x is string => typeof x === "string");
  return { name: text(form, "name"), phone: text(form, "phone").replace(/[\s().-]/g, ""), email: text(form, "email"), propertyIds: ids };
}
const issuesToErrors = (issues: Array<{ path: PropertyKey[]; message: string }>): FieldErrors => Object.fromEntries(issues.map((i) => [String(i.path[0] ?? "name"), i.message]));
function refusal(err: unknown): FieldErrors {
  if (!(err instanceof ServiceError) || (err.kind === "not_found" && !err.fields)) throw err;
  return err.fields?.length ? Object.fromEntries(err.fields.map((f) => [f.path, f.message])) : { name: err.message };
}

/** Contacts (People): the account's cleaners and alert recipients, its guests, search, and a cleaner's properties. */
export function registerContactPages(web: Hono<WebEnv>, deps: ServiceDeps) {
  const { config } = deps;
  const host = requireViewer(deps, ["owner", "manager"]);

  const renderList = (c: Context<WebEnv>, extra: { add?: FormState; flash?: Flash | null } = {}) => {
    const viewer = c.get("viewer");
    const q = (c.req.query("q") ?? "").slice(0, 100);
    const { people, guests } = contactDirectory(deps, viewerActor(viewer), q);
    return <ContactsPage viewer={viewer} q={q} people={people} guests={guests} properties={propertyChoices(deps.db, viewerActor(viewer))} add={extra.add ?? { values: { propertyIds: [] } }} flash={extra.flash} />;
  };
  const renderOne = (c: Context<WebEnv>, contact: ContactView, extra: { state?: FormState; flash?: Flash | null } = {}) => {
    const viewer = c.get("viewer");
    const state = extra.state ?? { values: { name: contact.name, phone: contact.phone ?? "", email: contact.email ?? "", propertyIds: contact.propertyIds } };
    return <ContactPage viewer={viewer} contact={contact} properties={propertyChoices(deps.db, viewerActor(viewer))} state={state} flash={extra.flash} />;
  };

  web.get("/dashboard/contacts", host, (c) => c.html(renderList(c, { flash: takeFlash(c, config) })));

  web.post("/dashboard/contacts", host, async (c) => {
    const viewer = c.get("viewer");
    const values = readForm(await c.req.parseBody({ all: true }));
    const bad = (errors: FieldErrors) => c.html(renderList(c, { add: { values, errors }, flash: { kind: "bad", text: "Cleaner not added: please fix the highlighted fields." } }), 400);
    const parsed = contactInput.safeParse({ role: "cleaner", name: values.name, phone: values.phone || null, email: values.email || null });
    if (!parsed.success) return bad(issuesToErrors(parsed.error.issues));
    try {
      const created = createContact(deps, viewer.accountId, parsed.data);
      await setCleanerProperties(deps, viewerActor(viewer), created.id, values.propertyIds);
      setFlash(c, config, { kind: "ok", text: `Added ${created.name}.` });
    } catch (err) {
      return bad(refusal(err));
    }
    return c.redirect("/dashboard/contacts", 303);
  });

  web.get("/dashboard/contacts/:id", host, (c) => c.html(renderOne(c, reachableContact(deps, viewerActor(c.get("viewer")), c.req.param("id")), { flash: takeFlash(c, config) })));

  web.post("/dashboard/contacts/:id", host, async (c) => {
    const viewer = c.get("viewer");
    const contact = reachableContact(deps, viewerActor(viewer), c.req.param("id"));
    const values = readForm(await c.req.parseBody({ all: true }));
    const bad = (errors: FieldErrors) => c.html(renderOne(c, contact, { state: { values, errors }, flash: { kind: "bad", text: "Not saved: please fix the highlighted fields." } }), 400);
    const parsed = contactPatch.safeParse({ name: values.name, phone: values.phone || null, email: values.email || null });
    if (!parsed.success) return bad(issuesToErrors(parsed.error.issues));
    try {
      updateContact(deps, viewer.accountId, contact.id, parsed.data);
      if (contact.role === "cleaner") await setCleanerProperties(deps, viewerActor(viewer), contact.id, values.propertyIds);
    } catch (err) {
      return bad(refusal(err));
    }
    setFlash(c, config, { kind: "ok", text: "Saved." });
    return c.redirect(`/dashboard/contacts/${contact.id}`, 303);
  });
}
