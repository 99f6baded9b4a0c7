import type { Child } from "hono/jsx";
import { raw } from "hono/html";
import type { Viewer } from "../services/web/sessions";
import { maskCsrf } from "./csrf";
import { navFor } from "./nav";
import { STYLES } from "./styles";

export interface Flash {
  kind: "ok" | "bad" | "info";
  text: string;
}

export function CsrfField(props: { viewer: Viewer }) {
  return <input type="hidden" name="_csrf" value={maskCsrf(props.viewer.csrfToken)} />;
}

function Nav(props: { viewer: Viewer; section?: string }) {
  const { viewer } = props;
  const entries = navFor(viewer.role);
  return (
    <header class="top">
      <a class="brand" href={entries[0]?.href ?? "/"}>staykey</a>
      <nav aria-label="Main">
        {entries.map((e) => (
          <a href={e.href} aria-current={e.key === props.section ? "page" : undefined}>{e.label}</a>
        ))}
      </nav>
      <span class="small who">{viewer.email}</span>
      <form method="post" action="/logout">
        <CsrfField viewer={viewer} />
        <button type="submit">Sign out</button>
      </form>
    </header>
  );
}

/**
 * Every page's frame. `section` is the NAV entry (web/nav.ts) the page belongs to, marked as the current page in the
 * top bar; a page below one (a property, a stay) passes its parent's key.
 */
export function Layout(props: { title: string; viewer?: Viewer; section?: string; flash?: Flash | null; children?: Child }) {
  return (
    <>
      {raw("<!doctype html>")}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{`${props.title} · staykey`}</title>
          <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
          <style>{raw(STYLES)}</style>
        </head>
        <body>
          <a class="skip" href="#content">Skip to content</a>
          {props.viewer ? <Nav viewer={props.viewer} section={props.section} /> : null}
          <main id="content">
            {props.flash ? (
              <p class={`flash ${props.flash.kind}`} role={props.flash.kind === "bad" ? "alert" : "status"}>
                {props.flash.text}
              </p>
            ) : null}
            {props.children}
          </main>
        </body>
      </html>
    </>
  );
}
