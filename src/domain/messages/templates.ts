/**
 * Per-property message templates. A template is plain text with `{{placeholder}}`s; hosts edit them, so rendering
 * never throws and a broken template (unknown placeholder, or a guest code template without `{{code}}`) falls back
 * to the built-in default at send time. A line whose placeholders all came out empty is dropped, which lets the
 * defaults carry optional lines (Wi-Fi, instructions) without leaving "Wi-Fi:  / " behind.
 */
export type TemplateName = "guest_code" | "guest_update" | "cleaner_schedule";

/** A property's own templates, by name; a missing one means the built-in default. */
export type MessageTemplates = Partial<Record<TemplateName, string>>;

export const TEMPLATE_PLACEHOLDERS: Readonly<Record<TemplateName, readonly string[]>> = {
  guest_code: ["guest_name", "property_name", "address", "code", "doors", "valid_from", "valid_until", "check_in_instructions", "wifi_name", "wifi_password", "house_notes", "guest_link"],
  guest_update: ["guest_name", "property_name", "address", "code", "doors", "valid_from", "valid_until", "guest_link"],
  cleaner_schedule: ["cleaner_name", "property_name", "address", "code", "window_start", "window_end"],
};

/** Templates that exist to hand over a PIN: one that forgot `{{code}}` would send a message without it. */
const REQUIRES_CODE: ReadonlySet<TemplateName> = new Set(["guest_code", "cleaner_schedule"]);

export const DEFAULT_TEMPLATES: Readonly<Record<TemplateName, string>> = {
  guest_code: [
    "Hi {{guest_name}}, welcome to {{property_name}}!",
    "Your door code is {{code}}.",
    "It opens: {{doors}}.",
    "It works from {{valid_from}} until {{valid_until}}.",
    "Address: {{address}}",
    "Wi-Fi: {{wifi_name}} / {{wifi_password}}",
    "{{check_in_instructions}}",
    "Your check-in page: {{guest_link}}",
  ].join("\n"),
  guest_update: [
    "Update for your stay at {{property_name}}: your door code {{code}} now works from {{valid_from}} until {{valid_until}}.",
  ].join("\n"),
  cleaner_schedule: [
    "Hi {{cleaner_name}}, cleaning at {{property_name}}",
    "From {{window_start}} until {{window_end}}.",
    "Door code: {{code}}",
    "Address: {{address}}",
  ].join("\n"),
};

export const DEFAULT_SUBJECTS: Readonly<Record<TemplateName, string>> = {
  guest_code: "Your door code for {{property_name}}",
  guest_update: "Update to your stay at {{property_name}}",
  cleaner_schedule: "Cleaning at {{property_name}}",
};

export type TemplateValues = Partial<Record<string, string | null | undefined>>;

const PLACEHOLDER = /\{\{\s*([a-z_]+)\s*\}\}/g;

export function templateProblems(name: TemplateName, template: string): string[] {
  const known = new Set(TEMPLATE_PLACEHOLDERS[name]);
  const problems: string[] = [];
  const used = new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]!));
  for (const p of used) if (!known.has(p)) problems.push(`unknown placeholder {{${p}}}`);
  if (REQUIRES_CODE.has(name) && !used.has("code")) problems.push("the template must contain {{code}}");
  if (template.trim() === "") problems.push("the template is empty");
  return problems;
}

/** The host's template when it is usable, the default otherwise. */
export function effectiveTemplate(name: TemplateName, custom: string | undefined | null): { template: string; usedDefault: boolean } {
  if (custom && templateProblems(name, custom).length === 0) return { template: custom, usedDefault: false };
  return { template: DEFAULT_TEMPLATES[name], usedDefault: Boolean(custom) };
}

export function renderTemplate(template: string, values: TemplateValues): string {
  const lines = template.split(/\r?\n/).flatMap((line) => {
    const names = [...line.matchAll(PLACEHOLDER)].map((m) => m[1]!);
    const rendered = line.replace(PLACEHOLDER, (_, key: string) => (values[key] ?? "").trim());
    return names.length > 0 && names.every((n) => !(values[n] ?? "").trim()) ? [] : [rendered.trimEnd()];
  });
  return lines.join("\n").trim();
}
