import { previewMessage } from "../../domain/messages";
import type { Context, Hono } from "hono";
import { createFeed, type FeedView } from "../../services/calendar/feeds";
import { describeSync, syncFeedNow } from "../../services/calendar/sync-now";
import { ServiceError } from "../../services/errors";
import { createLock, type LockRow } from "../../services/locks/locks";
import { findProperty } from "../../services/lookups";
import { updateProperty } from "../../services/properties/properties";
import { propertySetup } from "../../services/properties/property-views";
import { requireViewer } from "../auth";
import { setFlash, takeFlash } from "../cookies";
import type { WebEnv } from "../env";
import type { ServiceDeps } from "../../services/deps";
import type { Flash } from "../layout";
import { parseNewLock } from "../lock-form";
import { parsePropertySettings, TEMPLATE_NAMES, type FieldErrors, type TemplateName } from "../property-form";
import { openAlertsByProperty } from "../../services/alerts/open-alerts";
import { codesOnLocks } from "../../services/locks/lock-codes";
import { batteryHistories } from "../../services/health/battery-history";
import { propertyTimeline } from "../../services/stays/property-timeline";
import type { AddLockState } from "./add-lock-form";
import { PropertyPage } from "./property-detail";
import { manualStayRefusal, manualStayValues, parseManualStay, type ManualStayFormState } from "./manual-stay-form";
import { createManualStay } from "../../services/stays/manual-stay";
import { propertyCleanerChoices } from "../../services/contacts/directory";
import { PropertySettingsPage, settingsFromRow, type SettingsState } from "./property-settings";

/**
 * A refusal the form shows beside its fields. Anything else goes on to the error page: a property that is not the
 * viewer's (a 404 like any other), or a fault.
 */
function formRefusal(err: unknown): { status: 400 | 409; message: string; errors: FieldErrors } {
  if (!(err instanceof ServiceError) || (err.kind === "not_found" && !err.fields)) throw err;
  return { status: err.kind === "conflict" ? 409 : 400, message: err.message, errors: Object.fromEntries((err.fields ?? []).map((f) => [f.path, f.message])) };
}

export function registerPropertyPages(web: Hono<WebEnv>, deps: ServiceDeps) {
  const { db, clock, config } = deps;
  const host = requireViewer(deps, ["owner", "manager"]);

  const render = (c: Context<WebEnv>, id: string, extra: { flash?: Flash | null; feedError?: string; addLock?: AddLockState; addStay?: ManualStayFormState } = {}) => {
    const viewer = c.get("viewer");
    const setup = propertySetup(deps, viewer.accountId, id);
    return (
      <PropertyPage
        {...setup}
        viewer={viewer}
        timeline={propertyTimeline(db, viewer.accountId, setup.property.id, clock.now())}
        liveCodes={codesOnLocks(db, viewer.accountId, setup.locks.map((l) => l.id))}
        batteries={batteryHistories(deps, viewer.accountId, setup.locks.map((l) => l.id))}
        addLock={extra.addLock ?? { values: {} }}
        alerts={openAlertsByProperty(db, viewer.accountId).byProperty.get(setup.property.id) ?? []}
        flash={extra.flash}
        feedError={extra.feedError}
        addStay={extra.addStay}
        cleaners={propertyCleanerChoices(deps, viewer.accountId, setup.property.id)}
      />
    );
  };

  const renderSettings = (c: Context<WebEnv>, id: string, extra: { settings?: SettingsState; flash?: Flash | null } = {}) => {
    const viewer = c.get("viewer");
    const property = findProperty(db, viewer.accountId, id);
    return <PropertySettingsPage viewer={viewer} property={property} state={extra.settings ?? { values: settingsFromRow(property) }} flash={extra.flash} />;
  };

  web.get("/dashboard/properties/:id", host, (c) => c.html(render(c, c.req.param("id"), { flash: takeFlash(c, config) })));
  web.get("/dashboard/properties/:id/settings", host, (c) => c.html(renderSettings(c, c.req.param("id"), { flash: takeFlash(c, config) })));

  web.post("/dashboard/properties/:id/feeds", host, async (c) => {
    const viewer = c.get("viewer");
    const propertyId = c.req.param("id");
    const form = await c.req.parseBody();
    let created: FeedView;
    try {
      created = createFeed(deps, viewer.accountId, { propertyId, url: typeof form.url === "string" ? form.url : "" });
    } catch (err) {
      const refused = formRefusal(err);
      return c.html(render(c, propertyId, { feedError: refused.message, flash: { kind: "bad", text: refused.message } }), refused.status);
    }
    const outcome = await syncFeedNow(deps, viewer.accountId, created.id, `user:${viewer.userId}`);
    if (outcome) {
      const { ok, summary } = describeSync(outcome);
      setFlash(c, config, { kind: ok ? "ok" : "bad", text: `Connected ${created.urlRedacted}. First sync: ${summary}` });
    } else {
      setFlash(c, config, { kind: "bad", text: `Connected ${created.urlRedacted}, but the first sync did not finish. It is retried automatically.` });
    }
    return c.redirect(`/dashboard/properties/${propertyId}`, 303);
  });

  web.post("/dashboard/properties/:id/stays", host, async (c) => {
    const viewer = c.get("viewer");
    const propertyId = findProperty(db, viewer.accountId, c.req.param("id")).id;
    const values = manualStayValues(await c.req.parseBody());
    const notAdded = (errors: FieldErrors, status: 400 | 409) =>
      c.html(render(c, propertyId, { addStay: { values, errors }, flash: { kind: "bad", text: "Stay not added: please fix the highlighted fields." } }), status);
    const parsed = parseManualStay(propertyId, values);
    if (!parsed.ok) return notAdded(parsed.errors, 400);
    let created;
    try {
      created = await createManualStay(deps, viewer.accountId, parsed.value);
    } catch (err) {
      return notAdded(manualStayRefusal(err), 400);
    }
    setFlash(c, config, { kind: "ok", text: "Stay added. Its door code is planned on the property's locks; the guest is sent it once a lock confirms it." });
    return c.redirect(`/dashboard/stays/${created.id}`, 303);
  });

  web.post("/dashboard/properties/:id/locks", host, async (c) => {
    const viewer = c.get("viewer");
    const propertyId = c.req.param("id");
    const form = await c.req.parseBody();
    const values = { ...form } as Record<string, unknown>;
    const notAdded = (errors: FieldErrors, status: 400 | 409) =>
      c.html(render(c, propertyId, { addLock: { values, errors }, flash: { kind: "bad", text: "Lock not added: please fix the highlighted fields." } }), status);
    const parsed = parseNewLock(form, propertyId);
    if (!parsed.ok) return notAdded(parsed.errors, 400);
    let created: LockRow;
    try {
      created = await createLock(deps, viewer.accountId, parsed.value);
    } catch (err) {
      const refused = formRefusal(err);
      return notAdded(Object.keys(refused.errors).length ? refused.errors : { form: refused.message }, refused.status);
    }
    setFlash(c, config, { kind: "ok", text: `Added ${created.name}.` });
    return c.redirect(`/dashboard/properties/${propertyId}`, 303);
  });

  web.post("/dashboard/properties/:id/settings", host, async (c) => {
    const viewer = c.get("viewer");
    const property = findProperty(db, viewer.accountId, c.req.param("id"));
    const form = await c.req.parseBody();
    const values = { ...form } as Record<string, unknown>;
    if (typeof form.preview === "string" && form.save === undefined) {
      if (!TEMPLATE_NAMES.includes(form.preview as TemplateName)) return c.html(renderSettings(c, property.id, { settings: { values } }), 400);
      const name = form.preview as TemplateName;
      const template = typeof form[`templates.${name}`] === "string" ? (form[`templates.${name}`] as string).slice(0, 2000) : "";
      // The same composer real messages use, with sample guest data and a sample PIN.
      const rendered = previewMessage(name, property, clock.now(), template === "" ? undefined : template);
      const preview = {
        template: name,
        text: rendered.body,
        ...(rendered.problems.length > 0 ? { note: `The default template is used until this is fixed: ${rendered.problems.join("; ")}` } : {}),
      };
      return c.html(renderSettings(c, property.id, { settings: { values, preview } }));
    }
    const parsed = parsePropertySettings(form);
    if (!parsed.ok) {
      return c.html(renderSettings(c, property.id, { settings: { values, errors: parsed.errors }, flash: { kind: "bad", text: "Settings not saved: please fix the highlighted fields." } }), 400);
    }
    updateProperty(deps, viewer.accountId, property.id, parsed.value);
    setFlash(c, config, { kind: "ok", text: "Settings saved." });
    return c.redirect(`/dashboard/properties/${property.id}/settings`, 303);
  });
}
