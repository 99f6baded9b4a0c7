import type { Child } from "hono/jsx";

/**
 * A form kept out of the way until it is used: a native <details>, so it opens without scripts and the browser gives it
 * keyboard and screen-reader behaviour. A form that came back with errors is rendered open.
 */
export function Fold(props: { summary: string; open?: boolean; id?: string; children?: Child }) {
  return (
    <details class="fold" open={props.open || undefined} id={props.id}>
      <summary>{props.summary}</summary>
      {props.children}
    </details>
  );
}
