import { previewMessage } from "../../domain/messages";
import type { Context, Hono } from "hono";
import { and, asc, eq } from "drizzle-orm";
import { feeds, locks, providerConnections } from "../../db/schema";
import { createLock } from "../../services/locks/create-lock";
import { createFeed } from "../../services/web/create-feed";
import { requireViewer } from "../auth";
import { setFlash, takeFlash } from "../cookies";
import type { WebEnv } from "../env";
import type { WebDeps } from "../hooks";
import type { Flash } from "../layout";
import { parseNewLock } from "../lock-form";
import { parsePropertySettings, TEMPLATE_NAMES, type TemplateName } from "../property-form";
import { openAlertsByProperty } from "../queries/open-alerts";
import { findOwnProperty } from "../queries/scoped";
import { propertyTimeline } from "../queries/timeline";
import type { AddLockState } from "./add-lock-form";
import { PropertyPage } from "./property-detail";
import { settingsFromRow, type SettingsState } from "./property-settings";
import { updatePropertySettings } from "../../services/calendar/property-times";

export function registerPropertyPages(web: Hono<WebEnv>, deps: WebDeps) {
  const { db, clock, config } = deps;
  const host = requireViewer(deps, ["owner", "manager"]);

  const render = (c: Context<WebEnv>, id: string, extra: { settings?: SettingsState; flash?: Flash | null; feedError?: string; addLock?: AddLockState } = {}) => {
    const viewer = c.get("viewer");
    const property = findOwnProperty(db, viewer.accountId, id);
    return (
      <PropertyPage
        viewer={viewer}
        property={property}
        timeline={propertyTimeline(db, viewer.accountId, property.id, clock.now())}
        feeds={db.select().from(feeds).where(and(eq(feeds.accountId, viewer.accountId), eq(feeds.propertyId, property.id))).orderBy(asc(feeds.id)).all()}
        locks={db.select().from(locks).where(and(eq(locks.accountId, viewer.accountId), eq(locks.propertyId, property.id))).orderBy(asc(locks.name)).all()}
        connections={db.select({ id: providerConnections.id, name: providerConnections.name, provider: providerConnections.provider }).from(providerConnections).where(eq(providerConnections.accountId, viewer.accountId)).orderBy(asc(providerConnections.name)).all()}
        addLock={extra.addLock ?? { values: {} }}
        alerts={openAlertsByProperty(db, viewer.accountId).byProperty.get(property.id) ?? []}
        settings={extra.settings ?? { values: settingsFromRow(property) }}
        flash={extra.flash}
        feedError={extra.feedError}
      />
    );
  };

  web.get("/dashboard/properties/:id", host, (c) => c.html(render(c, c.req.param("id"), { flash: takeFlash(c, config) })));

  web.post("/dashboard/properties/:id/feeds", host, async (c) => {
    const viewer = c.get("viewer");
    const property = findOwnProperty(db, viewer.accountId, c.req.param("id"));
    const form = await c.req.parseBody();
    const result = createFeed(deps, { accountId: viewer.accountId, propertyId: property.id, url: typeof form.url === "string" ? form.url : "" });
    if (!result.ok) return c.html(render(c, property.id, { feedError: result.message, flash: { kind: "bad", text: result.message } }), result.reason === "duplicate" ? 409 : 400);
    const sync = deps.web?.syncFeedNow;
    if (!sync) {
      setFlash(c, config, { kind: "info", text: `Connected ${result.urlRedacted}. Its first sync is queued and runs within a few minutes.` });
      return c.redirect(`/dashboard/properties/${property.id}`, 303);
    }
    try {
      const outcome = await sync.call(deps.web, viewer.accountId, result.feedId);
      setFlash(c, config, { kind: outcome.ok ? "ok" : "bad", text: `Connected ${result.urlRedacted}. First sync: ${outcome.summary}` });
    } catch (err) {
      deps.logger.warn({ feedId: result.feedId, err: { name: (err as Error).name, message: (err as Error).message } }, "first feed sync failed");
      setFlash(c, config, { kind: "bad", text: `Connected ${result.urlRedacted}, but the first sync did not finish. It is retried automatically.` });
    }
    return c.redirect(`/dashboard/properties/${property.id}`, 303);
  });

  web.post("/dashboard/properties/:id/locks", host, async (c) => {
    const viewer = c.get("viewer");
    const property = findOwnProperty(db, viewer.accountId, c.req.param("id"));
    const form = await c.req.parseBody();
    const values = { ...form } as Record<string, unknown>;
    const parsed = parseNewLock(form, property.id);
    const result = parsed.ok ? createLock(deps, viewer.accountId, parsed.value) : null;
    if (!result?.ok) {
      const errors = parsed.ok ? Object.fromEntries((result?.errors ?? []).map((e) => [e.path, e.message])) : parsed.errors;
      if (result && !result.ok && result.errors.length === 0) errors.form = result.message;
      const status = result && !result.ok && result.reason === "duplicate" ? 409 : 400;
      return c.html(render(c, property.id, { addLock: { values, errors }, flash: { kind: "bad", text: "Lock not added: please fix the highlighted fields." } }), status);
    }
    // Stays already booked get codes on the new lock; a failed hook leaves that to the planner's sweep.
    for (const stayId of result.replanStayIds) {
      try {
        await deps.web?.stayChanged?.(stayId);
      } catch (err) {
        deps.logger.warn({ stayId, err: { name: (err as Error).name, message: (err as Error).message } }, "stayChanged hook failed");
      }
    }
    setFlash(c, config, { kind: "ok", text: `Added ${result.lock.name}.` });
    return c.redirect(`/dashboard/properties/${property.id}`, 303);
  });

  web.post("/dashboard/properties/:id/settings", host, async (c) => {
    const viewer = c.get("viewer");
    const property = findOwnProperty(db, viewer.accountId, c.req.param("id"));
    const form = await c.req.parseBody();
    const values = { ...form } as Record<string, unknown>;
    if (typeof form.preview === "string" && form.save === undefined) {
      if (!TEMPLATE_NAMES.includes(form.preview as TemplateName)) return c.html(render(c, property.id, { settings: { values } }), 400);
      const name = form.preview as TemplateName;
      const template = typeof form[`templates.${name}`] === "string" ? (form[`templates.${name}`] as string).slice(0, 2000) : "";
      // The same composer real messages use, with sample guest data and a sample PIN.
      const rendered = previewMessage(name, property, clock.now(), template === "" ? undefined : template);
      const preview = {
        template: name,
        text: rendered.body,
        ...(rendered.problems.length > 0 ? { note: `The default template is used until this is fixed: ${rendered.problems.join("; ")}` } : {}),
      };
      return c.html(render(c, property.id, { settings: { values, preview } }));
    }
    const parsed = parsePropertySettings(form);
    if (!parsed.ok) {
      return c.html(render(c, property.id, { settings: { values, errors: parsed.errors }, flash: { kind: "bad", text: "Settings not saved: please fix the highlighted fields." } }), 400);
    }
    updatePropertySettings(db, clock, property, parsed.value);
    setFlash(c, config, { kind: "ok", text: "Settings saved." });
    return c.redirect(`/dashboard/properties/${property.id}`, 303);
  });
}
