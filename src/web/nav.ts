import type { Viewer } from "../services/web/sessions";

/**
 * The dashboard's navigation: one entry per page a signed-in person can reach from the top bar, in the order shown.
 * A new page adds one line here and passes its `key` as the Layout's `section`, which marks it as the current page.
 */
export interface NavEntry {
  key: string;
  href: string;
  label: string;
  roles: readonly Viewer["role"][];
}

const HOSTS = ["owner", "manager"] as const;

export const NAV: readonly NavEntry[] = [
  { key: "today", href: "/dashboard", label: "Today", roles: HOSTS },
  { key: "calendar", href: "/dashboard/calendar", label: "Calendar", roles: HOSTS },
  { key: "properties", href: "/dashboard/properties", label: "Properties", roles: HOSTS },
  { key: "access", href: "/dashboard/access", label: "Access", roles: HOSTS },
  { key: "contacts", href: "/dashboard/contacts", label: "Contacts", roles: HOSTS },
  { key: "activity", href: "/dashboard/activity", label: "Activity", roles: HOSTS },
  { key: "alerts", href: "/dashboard/alerts", label: "Alerts", roles: HOSTS },
  { key: "outbox", href: "/dashboard/outbox", label: "Outbox", roles: HOSTS },
  { key: "connections", href: "/dashboard/connections", label: "Connections", roles: HOSTS },
  { key: "webhooks", href: "/dashboard/webhooks", label: "Webhooks", roles: HOSTS },
  { key: "team", href: "/dashboard/team", label: "Team", roles: ["owner"] },
  { key: "api-keys", href: "/dashboard/api-keys", label: "API keys", roles: HOSTS },
  { key: "account", href: "/dashboard/account", label: "Account", roles: ["owner"] },
  { key: "turnovers", href: "/cleaner", label: "My turnovers", roles: ["cleaner"] },
  { key: "security", href: "/account/security", label: "Security", roles: ["owner", "manager", "cleaner"] },
];

export function navFor(role: Viewer["role"]): NavEntry[] {
  return NAV.filter((e) => e.roles.includes(role));
}
