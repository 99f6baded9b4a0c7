import type { Context, Hono, MiddlewareHandler } from "hono";
import { propertiesByName } from "../../services/properties/property-views";
import type { ServiceDeps } from "../../services/deps";
import { memberUpdateInput } from "../../services/team/invite-input";
import { findMemberView, updateMember, type MemberView } from "../../services/team/members";
import type { Viewer } from "../../services/web/sessions";
import { viewerActor } from "../auth";
import { setFlash } from "../cookies";
import type { WebEnv } from "../env";
import { fieldErrorsOf, formRefusalOf } from "../form-refusal";
import { CsrfField, Layout, type Flash } from "../layout";
import type { FieldErrors } from "../property-form";

function MemberPage(props: { viewer: Viewer; member: MemberView; properties: Array<{ id: string; name: string }>; role: string; picked: string[]; errors?: FieldErrors; flash?: Flash | null }) {
  const { viewer, member } = props;
  const who = member.name ?? member.email;
  return (
    <Layout title={`Edit ${who}`} viewer={viewer} flash={props.flash} section="team">
      <p><a href="/dashboard/team">← Team</a></p>
      <h1>Edit {who}</h1>
      <p class="muted">{member.email}. A change holds from their next page or API call.</p>
      <form method="post" action={`/dashboard/team/members/${member.id}`} class="card">
        <CsrfField viewer={viewer} />
        <fieldset>
          <legend>Role</legend>
          <label><input type="radio" name="role" value="manager" checked={props.role !== "cleaner"} /> Manager: everything but the team and account settings</label>
          <label><input type="radio" name="role" value="cleaner" checked={props.role === "cleaner"} /> Cleaner: only their turnovers and codes (their API keys are revoked)</label>
          {props.errors?.role ? <p class="error-text">{props.errors.role}</p> : null}
        </fieldset>
        {props.properties.length ? (
          <fieldset>
            <legend>Limit to these properties (none ticked: all of them)</legend>
            {props.properties.map((p) => (
              <label><input type="checkbox" name="propertyIds" value={p.id} checked={props.picked.includes(p.id)} /> {p.name}</label>
            ))}
            {props.errors?.propertyIds ? <p class="error-text">{props.errors.propertyIds}</p> : null}
          </fieldset>
        ) : null}
        <button type="submit">Save</button>
      </form>
    </Layout>
  );
}

/** `/dashboard/team/members/:id`: the owner changes a member's role and the properties they reach. */
export function registerTeamMemberPages(web: Hono<WebEnv>, deps: ServiceDeps, owner: MiddlewareHandler<WebEnv>) {
  const render = (c: Context<WebEnv>, status: 200 | 400 | 403 | 409, member: MemberView, state: { role?: string; picked?: string[]; errors?: FieldErrors; flash?: Flash | null } = {}) => {
    const viewer = c.get("viewer");
    return c.html(
      <MemberPage viewer={viewer} member={member} properties={propertiesByName(deps, viewer.accountId)} role={state.role ?? member.role} picked={state.picked ?? member.propertyIds} errors={state.errors} flash={state.flash} />,
      status,
    );
  };

  web.get("/dashboard/team/members/:id", owner, (c) => {
    const member = findMemberView(deps, c.get("viewer").accountId, c.req.param("id"));
    if (member.role === "owner") return c.redirect("/dashboard/team", 303);
    return render(c, 200, member);
  });

  web.post("/dashboard/team/members/:id", owner, async (c) => {
    const viewer = c.get("viewer");
    const member = findMemberView(deps, viewer.accountId, c.req.param("id"));
    const form = await c.req.parseBody({ all: true });
    const picked = [form.propertyIds ?? []].flat().filter((x): x is string => typeof x === "string");
    const role = typeof form.role === "string" ? form.role : "";
    const parsed = memberUpdateInput.safeParse({ role, propertyIds: picked });
    if (!parsed.success) return render(c, 400, member, { role, picked, errors: fieldErrorsOf(parsed.error.issues), flash: { kind: "bad", text: "Please fix the highlighted fields." } });
    try {
      const updated = await updateMember(deps, viewerActor(viewer), member.id, parsed.data);
      setFlash(c, deps.config, { kind: "ok", text: `${updated.name ?? updated.email} is now ${updated.role === "cleaner" ? "a cleaner" : "a manager"} for ${updated.propertyIds.length ? `${updated.propertyIds.length} propert${updated.propertyIds.length === 1 ? "y" : "ies"}` : "every property"}.` });
      return c.redirect("/dashboard/team", 303);
    } catch (err) {
      const refusal = formRefusalOf(err);
      return render(c, refusal.status, member, { role, picked, errors: refusal.errors, flash: { kind: "bad", text: refusal.message } });
    }
  });
}
