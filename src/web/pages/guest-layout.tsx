import type { Child } from "hono/jsx";
import { raw } from "hono/html";
import { guestText } from "../../domain/guests/guest-catalogue";
import { GUEST_LANGUAGES, LANGUAGE_NAMES, type GuestLanguage } from "../../domain/guests/guest-languages";
import { STYLES } from "../styles";

const GUEST_STYLES = `
main{max-width:36rem}
.code{font-size:2.25rem;font-weight:700;letter-spacing:.15em;font-variant-numeric:tabular-nums;margin:.25rem 0}
.check{display:flex;gap:.5rem;align-items:flex-start;font-weight:400}.check input{width:auto;margin-top:.3rem}
.langs{display:flex;flex-wrap:wrap;gap:.25rem .75rem;margin:0;padding:0;list-style:none}
.field-error{color:var(--bad);margin:.2rem 0 0}
dl{margin:0}dt{font-weight:600}dd{margin:0 0 .5rem}
.pre{white-space:pre-line}
`;

/**
 * The guest page's frame: no host navigation, the guest's language on <html lang>, a language chooser made of plain
 * links (no script), the dashboard's stylesheet under the same strict CSP.
 */
export function GuestLayout(props: { lang: GuestLanguage; title: string; path: string; children?: Child }) {
  const { lang } = props;
  return (
    <>
      {raw("<!doctype html>")}
      <html lang={lang}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="robots" content="noindex, nofollow" />
          <title>{props.title}</title>
          <style>{raw(STYLES + GUEST_STYLES)}</style>
        </head>
        <body>
          <main id="content">
            <nav aria-label={guestText(lang, "language")}>
              <ul class="langs">
                {GUEST_LANGUAGES.map((l) => (
                  <li>
                    <a href={`${props.path}?lang=${l}`} hreflang={l} lang={l} aria-current={l === lang ? "true" : undefined}>{LANGUAGE_NAMES[l]}</a>
                  </li>
                ))}
              </ul>
            </nav>
            {props.children}
          </main>
        </body>
      </html>
    </>
  );
}

export function FieldError(props: { id: string; message?: string }) {
  return props.message ? <p class="field-error" id={props.id}>{props.message}</p> : null;
}
