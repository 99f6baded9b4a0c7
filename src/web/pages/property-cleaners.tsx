import type { Hono } from "hono";
import { setPropertyCleaners } from "../../services/contacts/directory";
import type { ServiceDeps } from "../../services/deps";
import type { Viewer } from "../../services/web/sessions";
import { requireViewer } from "../auth";
import { setFlash } from "../cookies";
import type { WebEnv } from "../env";
import { Fold } from "../fold";
import { CsrfField } from "../layout";

export type CleanerChoice = { id: string; name: string; assigned: boolean };

/** Who cleans this property, on its page: ticked cleaners get a code for each turnover here. */
export function PropertyCleaners(props: { viewer: Viewer; propertyId: string; cleaners: CleanerChoice[] }) {
  const assigned = props.cleaners.filter((c) => c.assigned);
  return (
    <section aria-labelledby="cleaners">
      <h2 id="cleaners">Cleaners</h2>
      <p>{assigned.length ? assigned.map((c, i) => <>{i ? ", " : ""}<a href={`/dashboard/contacts/${c.id}`}>{c.name}</a></>) : <span class="muted">No cleaner assigned: turnovers here get no cleaner code.</span>}</p>
      {props.cleaners.length === 0 ? <p class="small"><a href="/dashboard/contacts">Add a cleaner on the Contacts page</a></p> : (
        <Fold summary="Choose cleaners">
          <form method="post" action={`/dashboard/properties/${props.propertyId}/cleaners`}>
            <CsrfField viewer={props.viewer} />
            <fieldset>
              <legend>Who cleans here (each gets a code for every turnover)</legend>
              {props.cleaners.map((c) => <label><input type="checkbox" name="contactIds" value={c.id} checked={c.assigned} /> {c.name}</label>)}
            </fieldset>
            <p class="muted small">A cleaner you untick loses their codes at this property now.</p>
            <button type="submit">Save cleaners</button>
          </form>
        </Fold>
      )}
    </section>
  );
}

export function registerPropertyCleaners(web: Hono<WebEnv>, deps: ServiceDeps) {
  const host = requireViewer(deps, ["owner", "manager"]);
  web.post("/dashboard/properties/:id/cleaners", host, async (c) => {
    const viewer = c.get("viewer");
    const form = await c.req.parseBody({ all: true });
    const ids = [form.contactIds ?? []].flat().filter((x): x is string => typeof x === "string");
    await setPropertyCleaners(deps, viewer.accountId, c.req.param("id"), ids);
    setFlash(c, deps.config, { kind: "ok", text: "Cleaners saved." });
    return c.redirect(`/dashboard/properties/${c.req.param("id")}#cleaners`, 303);
  });
}
