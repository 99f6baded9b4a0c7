import type { Hono } from "hono";
import type { WebEnv } from "../env";

/**
 * The one page script: copy buttons. Pages work without it (the text sits in a read-only box the host can select);
 * with it, each `button[data-copy]` (rendered hidden) appears and copies its box. Served from our origin so the CSP
 * can stay `script-src 'self'`, no inline script.
 */
const COPY_JS = `"use strict";
for (const button of document.querySelectorAll("button[data-copy]")) {
  const box = document.getElementById(button.dataset.copy);
  if (!box) continue;
  const label = button.textContent;
  button.hidden = false;
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(box.value);
      button.textContent = "Copied";
    } catch {
      box.focus();
      box.select();
      button.textContent = "Press Ctrl+C / \u2318C";
    }
    setTimeout(() => { button.textContent = label; }, 2500);
  });
}
`;

export const COPY_SCRIPT_PATH = "/assets/copy.js";

export function registerCopyScript(web: Hono<WebEnv>) {
  web.get(COPY_SCRIPT_PATH, (c) => {
    c.header("content-type", "text/javascript; charset=utf-8");
    return c.body(COPY_JS);
  });
}

/** A read-only box holding text to copy, and its (script-enhanced) copy button. */
export function CopyBox(props: { id: string; label: string; value: string; multiline?: boolean; buttonLabel?: string }) {
  return (
    <div>
      <label for={props.id}>{props.label}</label>
      {props.multiline
        ? <textarea id={props.id} readonly rows={5}>{props.value}</textarea>
        : <input id={props.id} readonly value={props.value} />}
      <button type="button" class="secondary" data-copy={props.id} hidden>{props.buttonLabel ?? "Copy"}</button>
    </div>
  );
}
