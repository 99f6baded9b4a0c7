/**
 * The pages of one property, as tabs under its name. A new page of a property adds one entry here.
 */
const TABS = [
  { key: "overview", label: "Overview", path: "" },
  { key: "calendar", label: "Calendar", path: "/calendar" },
  { key: "settings", label: "Settings", path: "/settings" },
  { key: "guest", label: "Guest page", path: "/guest-page" },
] as const;

export type PropertyTab = (typeof TABS)[number]["key"];

export function PropertyTabs(props: { propertyId: string; current: PropertyTab; name: string }) {
  return (
    <nav aria-label={`${props.name} pages`}>
      <ul class="subnav">
        {TABS.map((t) => (
          <li>
            <a href={`/dashboard/properties/${props.propertyId}${t.path}`} aria-current={t.key === props.current ? "page" : undefined}>{t.label}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
