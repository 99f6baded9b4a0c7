import type { Context, Hono } from "hono";
import { guestText } from "../../domain/guests/guest-catalogue";
import { pickGuestLanguage, type GuestLanguage } from "../../domain/guests/guest-languages";
import { formatLocal } from "../../domain/messages";
import { requestClientAddress } from "../../routes/client-address";
import { ServiceError } from "../../services/errors";
import type { ServiceDeps } from "../../services/deps";
import { GuestPageThrottle } from "../../services/guests/guest-throttle";
import { openGuestPage, stayOfGuestLink, type GuestStayView } from "../../services/guests/guest-page";
import { identifyStay, propertyOfCheckinLink } from "../../services/guests/identify-stay";
import { registerGuestContact } from "../../services/guests/register-contact";
import type { WebEnv } from "../env";
import { FieldError, GuestLayout } from "./guest-layout";

type Errors = Record<string, string>;
const errorsOf = (err: ServiceError): Errors => Object.fromEntries((err.fields ?? []).map((f) => [f.path, f.message]));
const str = (v: unknown) => (typeof v === "string" ? v : "");

function CheckinForm(props: { lang: GuestLanguage; path: string; propertyName: string; errors?: Errors; notice?: string; values?: { reservationCode?: string } }) {
  const { lang, errors = {} } = props;
  return (
    <GuestLayout lang={lang} title={`${guestText(lang, "page_title")} · ${props.propertyName}`} path={props.path}>
      <h1>{props.propertyName}</h1>
      <h2>{guestText(lang, "find_heading")}</h2>
      {props.notice ? <p class="flash bad" role="alert">{props.notice}</p> : null}
      <p>{guestText(lang, "find_intro")}</p>
      <form method="post" action={props.path}>
        <input type="hidden" name="lang" value={lang} />
        <label for="reservationCode">{guestText(lang, "reservation_code")}</label>
        <input id="reservationCode" name="reservationCode" required maxlength={100} autocomplete="off" autocapitalize="characters" value={props.values?.reservationCode ?? ""}
          aria-invalid={errors.reservationCode ? "true" : undefined} aria-describedby={errors.reservationCode ? "reservationCode-error" : undefined} />
        <FieldError id="reservationCode-error" message={errors.reservationCode} />
        <label for="last4">{guestText(lang, "last4")}</label>
        <input id="last4" name="last4" required inputmode="numeric" pattern="[0-9]{4}" maxlength={4} autocomplete="off"
          aria-invalid={errors.last4 ? "true" : undefined} aria-describedby={errors.last4 ? "last4-error" : undefined} />
        <FieldError id="last4-error" message={errors.last4} />
        <button type="submit">{guestText(lang, "find_submit")}</button>
      </form>
    </GuestLayout>
  );
}

function StayPage(props: { lang: GuestLanguage; path: string; view: GuestStayView; errors?: Errors; saved?: boolean; values?: { phone?: string; email?: string } }) {
  const { lang, view, errors = {} } = props;
  const p = view.property;
  const at = (d: Date) => formatLocal(d, p.timezone, lang);
  const channels = [view.reachableBy.sms ? guestText(lang, "channel_sms") : null, view.reachableBy.email ? guestText(lang, "channel_email") : null].filter(Boolean).join(", ");
  return (
    <GuestLayout lang={lang} title={`${guestText(lang, "page_title")} · ${p.name}`} path={props.path}>
      <h1>{p.name}</h1>
      {props.saved ? <p class="flash ok" role="status">{guestText(lang, "contact_saved")}</p> : null}
      <dl>
        {p.address ? <><dt>{guestText(lang, "address")}</dt><dd>{p.address}</dd></> : null}
        <dt>{guestText(lang, "check_in")}</dt><dd data-testid="arrive">{at(view.arriveAt)}</dd>
        <dt>{guestText(lang, "check_out")}</dt><dd data-testid="leave">{at(view.leaveAt)}</dd>
      </dl>
      <section class="card" aria-labelledby="code-h" data-testid="door-code">
        <h2 id="code-h" style="margin-top:0">{guestText(lang, "door_code")}</h2>
        {view.code.state === "shown" ? (
          <>
            <p class="code">{view.code.pin}</p>
            <p class="small">{guestText(lang, "code_works", { from: at(view.code.validFrom), until: at(view.code.validTo) })}</p>
          </>
        ) : view.code.state === "later" ? (
          <p>{guestText(lang, "code_appears", { at: at(view.code.at) })}</p>
        ) : (
          <p>{guestText(lang, "code_pending")}</p>
        )}
      </section>
      {p.checkInInstructions ? <section aria-labelledby="arrival-h"><h2 id="arrival-h">{guestText(lang, "arrival")}</h2><p class="pre">{p.checkInInstructions}</p></section> : null}
      {p.wifiName || p.wifiPassword ? (
        <section aria-labelledby="wifi-h">
          <h2 id="wifi-h">{guestText(lang, "wifi")}</h2>
          <dl>
            {p.wifiName ? <><dt>{guestText(lang, "wifi_network")}</dt><dd>{p.wifiName}</dd></> : null}
            {p.wifiPassword ? <><dt>{guestText(lang, "wifi_password")}</dt><dd>{p.wifiPassword}</dd></> : null}
          </dl>
        </section>
      ) : null}
      {p.houseNotes ? <section aria-labelledby="notes-h"><h2 id="notes-h">{guestText(lang, "house_notes")}</h2><p class="pre">{p.houseNotes}</p></section> : null}
      <section class="card" aria-labelledby="contact-h">
        <h2 id="contact-h" style="margin-top:0">{guestText(lang, "contact_heading")}</h2>
        {channels ? <p>{guestText(lang, "contact_on_file", { channels })}</p> : null}
        <p>{guestText(lang, "contact_intro")}</p>
        <form method="post" action={`${props.path}/contact`}>
          <input type="hidden" name="lang" value={lang} />
          <label for="phone">{guestText(lang, "phone")}</label>
          <input id="phone" name="phone" type="tel" autocomplete="tel" maxlength={40} value={props.values?.phone ?? ""}
            aria-invalid={errors.phone ? "true" : undefined} aria-describedby={errors.phone ? "phone-error" : undefined} />
          <FieldError id="phone-error" message={errors.phone} />
          <label class="check" for="smsConsent">
            <input id="smsConsent" name="smsConsent" type="checkbox" value="yes" aria-describedby={errors.smsConsent ? "smsConsent-error" : undefined} />
            <span>{guestText(lang, "sms_consent")}</span>
          </label>
          <FieldError id="smsConsent-error" message={errors.smsConsent} />
          <label for="email">{guestText(lang, "email")}</label>
          <input id="email" name="email" type="email" autocomplete="email" maxlength={254} value={props.values?.email ?? ""}
            aria-invalid={errors.email ? "true" : undefined} aria-describedby={errors.email ? "email-error" : undefined} />
          <FieldError id="email-error" message={errors.email} />
          <button type="submit">{guestText(lang, "contact_submit")}</button>
        </form>
      </section>
    </GuestLayout>
  );
}

function Notice(props: { lang: GuestLanguage; path: string; text: string }) {
  return (
    <GuestLayout lang={props.lang} title={guestText(props.lang, "page_title")} path={props.path}>
      <h1>{guestText(props.lang, "page_title")}</h1>
      <p role="status">{props.text}</p>
    </GuestLayout>
  );
}

/**
 * The guest page, public and without an account: `/checkin/<property token>` (identify with the reservation code and
 * last 4) and `/g/<stay token>` (the stay, its code inside the reveal window, and the contact form). Plain forms, no
 * script; the same security headers as the dashboard. A refusal is shown in the guest's language: beside the field,
 * or as a page (404, 429 with Retry-After).
 */
export function registerGuestPages(web: Hono<WebEnv>, deps: ServiceDeps) {
  const throttle = new GuestPageThrottle(deps.db, deps.clock, deps.box);
  const langOf = (c: Context<WebEnv>, form?: Record<string, unknown>, remembered?: string | null) =>
    pickGuestLanguage(str(form?.lang) || c.req.query("lang"), c.req.header("accept-language"), remembered);
  const ipOf = (c: Context<WebEnv>) => requestClientAddress(c, deps.config);

  const refusal = (c: Context<WebEnv>, err: unknown, lang: GuestLanguage) => {
    if (!(err instanceof ServiceError)) throw err;
    if (err.kind === "not_found") return c.html(<Notice lang={lang} path={c.req.path} text={guestText(lang, "not_found")} />, 404);
    if (err.kind === "rate_limited") {
      const seconds = err.retryAfterSeconds ?? 60;
      c.header("retry-after", String(seconds));
      return c.html(<Notice lang={lang} path={c.req.path} text={guestText(lang, "too_many", { minutes: Math.ceil(seconds / 60) })} />, 429);
    }
    return null;
  };

  web.get("/checkin/:token", (c) => {
    const lang = langOf(c);
    try {
      const property = propertyOfCheckinLink(deps, throttle, c.req.param("token"), ipOf(c));
      return c.html(<CheckinForm lang={lang} path={c.req.path} propertyName={property.name} />);
    } catch (err) {
      return refusal(c, err, lang) ?? c.html(<Notice lang={lang} path={c.req.path} text={guestText(lang, "not_found")} />, 400);
    }
  });

  web.post("/checkin/:token", async (c) => {
    const form = await c.req.parseBody();
    const lang = langOf(c, form);
    const ip = ipOf(c);
    let propertyName = "";
    try {
      const property = propertyOfCheckinLink(deps, throttle, c.req.param("token"), ip);
      propertyName = property.name;
      const token = identifyStay(deps, throttle, property, { reservationCode: str(form.reservationCode), last4: str(form.last4), ip, lang });
      return c.redirect(`/g/${token}?lang=${lang}`, 303);
    } catch (err) {
      const page = refusal(c, err, lang);
      if (page) return page;
      const errors = errorsOf(err as ServiceError);
      return c.html(<CheckinForm lang={lang} path={c.req.path} propertyName={propertyName} errors={errors} values={{ reservationCode: str(form.reservationCode).slice(0, 100) }} />, 400);
    }
  });

  web.get("/g/:token", async (c) => {
    let lang = langOf(c);
    const path = `/g/${c.req.param("token")}`;
    try {
      const stay = stayOfGuestLink(deps, throttle, c.req.param("token"), ipOf(c));
      lang = langOf(c, undefined, stay.guestLocale);
      const page = await openGuestPage(deps, stay);
      if (page.kind === "over") return c.html(<Notice lang={lang} path={path} text={guestText(lang, "ended")} />, 410);
      return c.html(<StayPage lang={lang} path={path} view={page.view} saved={c.req.query("saved") === "1"} />);
    } catch (err) {
      return refusal(c, err, lang) ?? c.html(<Notice lang={lang} path={path} text={guestText(lang, "not_found")} />, 400);
    }
  });

  web.post("/g/:token/contact", async (c) => {
    const form = await c.req.parseBody();
    const lang = langOf(c, form);
    const path = `/g/${c.req.param("token")}`;
    const ip = ipOf(c);
    try {
      const stay = stayOfGuestLink(deps, throttle, c.req.param("token"), ip);
      try {
        await registerGuestContact(deps, throttle, stay, { phone: str(form.phone), email: str(form.email), smsConsent: form.smsConsent === "yes", lang, ip });
        return c.redirect(`${path}?lang=${lang}&saved=1`, 303);
      } catch (err) {
        const page = refusal(c, err, lang);
        if (page) return page;
        const view = await openGuestPage(deps, stay);
        if (view.kind === "over") return c.html(<Notice lang={lang} path={path} text={guestText(lang, "ended")} />, 410);
        return c.html(<StayPage lang={lang} path={path} view={view.view} errors={errorsOf(err as ServiceError)} values={{ phone: str(form.phone).slice(0, 40), email: str(form.email).slice(0, 254) }} />, 400);
      }
    } catch (err) {
      return refusal(c, err, lang) ?? c.html(<Notice lang={lang} path={path} text={guestText(lang, "not_found")} />, 400);
    }
  });
}
