import type { GuestLanguage } from "../guests/guest-languages";
import type { TemplateName } from "./templates";

type GuestTemplate = Extract<TemplateName, "guest_code" | "guest_update">;

/**
 * The built-in guest messages in each guest language, beside the English defaults in templates.ts (same placeholders,
 * same optional lines). Used when the host has not written their own template; a language or message missing here falls
 * back to English. The guest's language is the one they chose on the guest page.
 */
export const GUEST_DEFAULTS: Readonly<Partial<Record<GuestLanguage, Record<GuestTemplate, { body: string; subject: string }>>>> = {
  es: {
    guest_code: {
      subject: "Tu código de la puerta para {{property_name}}",
      body: ["Hola {{guest_name}}, ¡bienvenido/a a {{property_name}}!", "Tu código de la puerta es {{code}}.", "Abre: {{doors}}.", "Funciona desde {{valid_from}} hasta {{valid_until}}.", "Dirección: {{address}}", "Wi-Fi: {{wifi_name}} / {{wifi_password}}", "{{check_in_instructions}}", "Tu página de llegada: {{guest_link}}"].join("\n"),
    },
    guest_update: {
      subject: "Cambio en tu estancia en {{property_name}}",
      body: "Cambio en tu estancia en {{property_name}}: tu código {{code}} ahora funciona desde {{valid_from}} hasta {{valid_until}}.",
    },
  },
  fr: {
    guest_code: {
      subject: "Votre code de porte pour {{property_name}}",
      body: ["Bonjour {{guest_name}}, bienvenue à {{property_name}} !", "Votre code de porte est {{code}}.", "Il ouvre : {{doors}}.", "Valable du {{valid_from}} au {{valid_until}}.", "Adresse : {{address}}", "Wi-Fi : {{wifi_name}} / {{wifi_password}}", "{{check_in_instructions}}", "Votre page d'arrivée : {{guest_link}}"].join("\n"),
    },
    guest_update: {
      subject: "Changement de votre séjour à {{property_name}}",
      body: "Changement de votre séjour à {{property_name}} : votre code {{code}} est maintenant valable du {{valid_from}} au {{valid_until}}.",
    },
  },
  de: {
    guest_code: {
      subject: "Ihr Türcode für {{property_name}}",
      body: ["Hallo {{guest_name}}, willkommen in {{property_name}}!", "Ihr Türcode ist {{code}}.", "Er öffnet: {{doors}}.", "Gültig von {{valid_from}} bis {{valid_until}}.", "Adresse: {{address}}", "WLAN: {{wifi_name}} / {{wifi_password}}", "{{check_in_instructions}}", "Ihre Anreiseseite: {{guest_link}}"].join("\n"),
    },
    guest_update: {
      subject: "Änderung Ihres Aufenthalts in {{property_name}}",
      body: "Änderung Ihres Aufenthalts in {{property_name}}: Ihr Türcode {{code}} gilt jetzt von {{valid_from}} bis {{valid_until}}.",
    },
  },
  pt: {
    guest_code: {
      subject: "O seu código da porta para {{property_name}}",
      body: ["Olá {{guest_name}}, bem-vindo/a a {{property_name}}!", "O seu código da porta é {{code}}.", "Abre: {{doors}}.", "Válido de {{valid_from}} até {{valid_until}}.", "Morada: {{address}}", "Wi-Fi: {{wifi_name}} / {{wifi_password}}", "{{check_in_instructions}}", "A sua página de chegada: {{guest_link}}"].join("\n"),
    },
    guest_update: {
      subject: "Alteração da sua estadia em {{property_name}}",
      body: "Alteração da sua estadia em {{property_name}}: o seu código {{code}} é agora válido de {{valid_from}} até {{valid_until}}.",
    },
  },
};
