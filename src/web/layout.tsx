import type { Child } from "hono/jsx";
import { raw } from "hono/html";
import type { Viewer } from "../services/web/sessions";
import { STYLES } from "./styles";

export interface Flash {
  kind: "ok" | "bad" | "info";
  text: string;
}

export function CsrfField(props: { viewer: Viewer }) {
  return <input type="hidden" name="_csrf" value={props.viewer.csrfToken} />;
}

function Nav(props: { viewer: Viewer }) {
  const { viewer } = props;
  const home = viewer.role === "cleaner" ? "/cleaner" : "/dashboard";
  return (
    <header class="top">
      <a class="brand" href={home}>staykey</a>
      <nav aria-label="Main">
        {viewer.role === "cleaner" ? (
          <a href="/cleaner">My turnovers</a>
        ) : (
          <>
            <a href="/dashboard">Properties</a>
            <a href="/dashboard/alerts">Alerts</a>
            <a href="/dashboard/outbox">Outbox</a>
          </>
        )}
      </nav>
      <span class="small">{viewer.email}</span>
      <form method="post" action="/logout">
        <CsrfField viewer={viewer} />
        <button type="submit">Sign out</button>
      </form>
    </header>
  );
}

export function Layout(props: { title: string; viewer?: Viewer; flash?: Flash | null; children?: Child }) {
  return (
    <>
      {raw("<!doctype html>")}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{`${props.title} · staykey`}</title>
          <style>{raw(STYLES)}</style>
        </head>
        <body>
          <a class="skip" href="#content">Skip to content</a>
          {props.viewer ? <Nav viewer={props.viewer} /> : null}
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
