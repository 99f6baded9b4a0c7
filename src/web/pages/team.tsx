import type { Context, Hono } from "hono";
import { propertiesByName } from "../../services/properties/property-views";
import type { ServiceDeps } from "../../services/deps";
import { inviteInput } from "../../services/team/invite-input";
import { createInvite, listInvites, revokeInvite, type InviteView } from "../../services/team/invites";
import { accountSettings, listMembers, removeMember, setRequireTwoFactor, type MemberView } from "../../services/team/members";
import type { Viewer } from "../../services/web/sessions";
import { requireViewer, viewerActor } from "../auth";
import { setFlash, takeFlash } from "../cookies";
import type { WebEnv } from "../env";
import { Field } from "../fields";
import { fieldErrorsOf, formRefusalOf } from "../form-refusal";
import { formatInstant } from "../format";
import { CsrfField, Layout, type Flash } from "../layout";
import type { FieldErrors } from "../property-form";
import { registerTeamMemberPages } from "./team-member";

interface InviteFormState {
  values: Record<string, string | string[]>;
  errors?: FieldErrors;
}

const ROLE_WORDS = { owner: "Owner", manager: "Manager", cleaner: "Cleaner" } as const;

function TeamPage(props: {
  viewer: Viewer; members: MemberView[]; invites: InviteView[]; properties: Array<{ id: string; name: string }>;
  requireTwoFactor: boolean; form: InviteFormState; flash?: Flash | null; newLink?: string; timezone: string;
}) {
  const { viewer, form } = props;
  const propertyName = (id: string) => props.properties.find((p) => p.id === id)?.name ?? id;
  const scopeWords = (ids: string[]) => (ids.length ? ids.map(propertyName).join(", ") : "All properties");
  const v = (k: string) => (typeof form.values[k] === "string" ? (form.values[k] as string) : undefined);
  const picked = new Set([form.values.propertyIds ?? []].flat());
  return (
    <Layout title="Team" viewer={viewer} flash={props.flash} section="team">
      <h1>Team</h1>
      {props.newLink ? (
        <section class="card" aria-labelledby="link-h">
          <h2 id="link-h">Invitation link</h2>
          <p>The invitation was sent. You can also pass this link on yourself; it works once, for 48 hours, and is shown only now.</p>
          <label for="invite-link">Invitation link</label>
          <input id="invite-link" readonly value={props.newLink} />
        </section>
      ) : null}
      <section aria-labelledby="members-h">
        <h2 id="members-h">Members</h2>
        <table>
          <thead><tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Properties</th><th scope="col">Two-factor</th><th scope="col">Actions</th></tr></thead>
          <tbody>
            {props.members.map((m) => (
              <tr data-testid="member">
                <td>{m.name ?? "—"}</td>
                <td>{m.email}</td>
                <td>{ROLE_WORDS[m.role]}</td>
                <td>{m.role === "owner" ? "All properties" : scopeWords(m.propertyIds)}</td>
                <td>{m.twoFactor ? "On" : "Off"}</td>
                <td>
                  {m.role === "owner" ? null : (
                    <form method="post" action={`/dashboard/team/members/${m.id}/remove`}>
                      <a href={`/dashboard/team/members/${m.id}`} aria-label={`Edit ${m.name ?? m.email}`}>Edit</a>{" "}
                      <CsrfField viewer={viewer} />
                      <button type="submit" aria-label={`Remove ${m.name ?? m.email}`}>Remove</button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p class="small muted">Removing someone signs them out everywhere at once, revokes their API keys and, for a cleaner, their door codes.</p>
      </section>
      <section aria-labelledby="invites-h">
        <h2 id="invites-h">Invitations</h2>
        {props.invites.length === 0 ? <p class="muted">No invitations yet.</p> : (
          <ul class="plain">
            {props.invites.map((i) => (
              <li data-testid="invite">
                {i.name ?? i.sentTo} · {ROLE_WORDS[i.role]} · {i.channel === "email" ? "email" : "text"} to {i.sentTo} · <strong>{i.status}</strong>
                <span class="small muted"> (expires {formatInstant(i.expiresAt, props.timezone)})</span>
                {i.status === "pending" ? (
                  <form method="post" action={`/dashboard/team/invites/${i.id}/revoke`} style="display:inline">
                    <CsrfField viewer={viewer} />
                    <button type="submit" aria-label={`Withdraw the invitation to ${i.name ?? i.sentTo}`}>Withdraw</button>
                  </form>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        <form method="post" action="/dashboard/team/invites" class="card" aria-labelledby="invite-h">
          <h3 id="invite-h">Invite someone</h3>
          <CsrfField viewer={viewer} />
          <fieldset>
            <legend>Role</legend>
            <label><input type="radio" name="role" value="manager" checked={v("role") !== "cleaner"} /> Manager: everything but the team and account settings</label>
            <label><input type="radio" name="role" value="cleaner" checked={v("role") === "cleaner"} /> Cleaner: only their turnovers and codes</label>
          </fieldset>
          <Field name="name" label="Name" value={v("name")} errors={form.errors} required />
          <Field name="email" label="Email (or give a phone number)" type="email" value={v("email")} errors={form.errors} />
          <Field name="phone" label="Mobile phone for a text instead" type="tel" value={v("phone")} errors={form.errors} hint="E.164, such as +14155550123" />
          {props.properties.length ? (
            <fieldset>
              <legend>Limit to these properties (none ticked: all of them)</legend>
              {props.properties.map((p) => (
                <label><input type="checkbox" name="propertyIds" value={p.id} checked={picked.has(p.id)} /> {p.name}</label>
              ))}
              {form.errors?.propertyIds ? <p class="error-text">{form.errors.propertyIds}</p> : null}
            </fieldset>
          ) : null}
          <button type="submit">Send invitation</button>
        </form>
      </section>
      <section class="card" aria-labelledby="twofa-h">
        <h2 id="twofa-h">Two-factor sign-in</h2>
        <p>{props.requireTwoFactor ? "Everyone in this account must use a second factor (an authenticator app or a passkey)." : "Two-factor sign-in is optional in this account."}</p>
        <form method="post" action="/dashboard/team/two-factor">
          <CsrfField viewer={viewer} />
          <input type="hidden" name="required" value={props.requireTwoFactor ? "false" : "true"} />
          <button type="submit">{props.requireTwoFactor ? "Make two-factor optional" : "Require two-factor for everyone"}</button>
        </form>
      </section>
    </Layout>
  );
}

/** The form's fields as the invite input: an empty email or phone is no email or phone. */
function inviteFields(form: Record<string, string | File | (string | File)[]>) {
  const text = (k: string) => (typeof form[k] === "string" && (form[k] as string).trim() !== "" ? (form[k] as string).trim() : undefined);
  const ids = [form["propertyIds"] ?? []].flat().filter((x): x is string => typeof x === "string");
  return { role: text("role") ?? "manager", name: text("name") ?? "", email: text("email"), phone: text("phone"), propertyIds: ids };
}

export function registerTeamPages(web: Hono<WebEnv>, deps: ServiceDeps) {
  const { config } = deps;
  const owner = requireViewer(deps, ["owner"]);

  const render = (c: Context<WebEnv>, extra: { form?: InviteFormState; flash?: Flash | null; newLink?: string } = {}) => {
    const viewer = c.get("viewer");
    const properties = propertiesByName(deps, viewer.accountId);
    return (
      <TeamPage
        viewer={viewer}
        members={listMembers(deps, viewer.accountId).data}
        invites={listInvites(deps, viewerActor(viewer)).data}
        properties={properties}
        requireTwoFactor={accountSettings(deps, viewer.accountId).requireTwoFactor}
        form={extra.form ?? { values: {} }}
        flash={extra.flash}
        newLink={extra.newLink}
        timezone={properties[0]?.timezone ?? "UTC"}
      />
    );
  };

  web.get("/dashboard/team", owner, (c) => c.html(render(c, { flash: takeFlash(c, config) })));

  web.post("/dashboard/team/invites", owner, async (c) => {
    const viewer = c.get("viewer");
    const form = await c.req.parseBody({ all: true });
    const fields = inviteFields(form);
    const values = fields as unknown as Record<string, string | string[]>;
    const parsed = inviteInput.safeParse(fields);
    if (!parsed.success) return c.html(render(c, { form: { values, errors: fieldErrorsOf(parsed.error.issues) }, flash: { kind: "bad", text: "Please fix the highlighted fields." } }), 400);
    try {
      const { link } = await createInvite(deps, viewerActor(viewer), parsed.data, config.STAYKEY_PUBLIC_URL ?? new URL(c.req.url).origin);
      return c.html(render(c, { flash: { kind: "ok", text: `Invitation sent to ${parsed.data.name}.` }, newLink: link }));
    } catch (err) {
      const refusal = formRefusalOf(err);
      return c.html(render(c, { form: { values, errors: refusal.errors }, flash: { kind: "bad", text: refusal.message } }), refusal.status);
    }
  });

  web.post("/dashboard/team/invites/:id/revoke", owner, (c) => {
    revokeInvite(deps, viewerActor(c.get("viewer")), c.req.param("id"));
    setFlash(c, config, { kind: "ok", text: "Invitation withdrawn: its link no longer works." });
    return c.redirect("/dashboard/team", 303);
  });

  web.post("/dashboard/team/members/:id/remove", owner, async (c) => {
    await removeMember(deps, viewerActor(c.get("viewer")), c.req.param("id"));
    setFlash(c, config, { kind: "ok", text: "Removed. They are signed out and their keys and codes are revoked." });
    return c.redirect("/dashboard/team", 303);
  });

  registerTeamMemberPages(web, deps, owner);

  web.post("/dashboard/team/two-factor", owner, async (c) => {
    const form = await c.req.parseBody();
    setRequireTwoFactor(deps, viewerActor(c.get("viewer")), form.required === "true");
    setFlash(c, config, { kind: "ok", text: form.required === "true" ? "Two-factor sign-in is now required for everyone." : "Two-factor sign-in is now optional." });
    return c.redirect("/dashboard/team", 303);
  });
}
