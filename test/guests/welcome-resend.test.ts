import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { messages } from "../../src/db/schema";
import { resendMessage } from "../../src/services/delivery";
import { messageBodyAssociatedData } from "../../src/services/delivery/message-rows";
import { stayGuestPath } from "../../src/services/guests/guest-links";
import { testServiceDeps } from "../support/service-deps";
import { testWorld } from "../support/world";
import { webClient } from "../web/web-client";

async function stayWithCode() {
  const deps = testServiceDeps({ env: { STAYKEY_PUBLIC_URL: "https://keys.example.com" } });
  const world = testWorld(deps);
  const { accountId } = await world.account({ email: "host@example.com", password: "host-password-1" });
  const property = world.property(accountId, { name: "Bay House", address: "7 Shore Rd", checkInInstructions: "Lockbox by the gate.", houseNotes: "Quiet after 22:00." });
  const stay = world.stay(property.id, { guestName: "Lea", guestPhone: "+14155550142" });
  world.code(world.lock(property.id).id, { stayId: stay.id, state: "active", pin: "730194" });
  return { deps, world, accountId, property, stay };
}

const bodyOf = (deps: Awaited<ReturnType<typeof stayWithCode>>["deps"], id: string) => {
  const row = deps.db.select().from(messages).where(eq(messages.id, id)).get()!;
  return deps.box.decrypt(row.bodyEnc, messageBodyAssociatedData(row.id));
};

describe("the full welcome", () => {
  it("is what a resend sends, even of the short update, and carries the stay's guest link", async () => {
    const { deps, world, accountId, stay } = await stayWithCode();
    const update = world.message(accountId, { stayId: stay.id, purpose: "guest_update", status: "delivered", body: "Update for your stay" });
    const resent = await resendMessage(deps, accountId, update.id, "req-1");
    expect(resent.purpose).toBe("guest_code");
    const body = bodyOf(deps, resent.id);
    for (const part of ["730194", "7 Shore Rd", "Lockbox by the gate.", `https://keys.example.com${stayGuestPath(deps.box, stay)}`]) expect(body).toContain(part);
    expect((await resendMessage(deps, accountId, update.id, "req-1")).id).toBe(resent.id);
  });

  it("shows the host each template's default text and its variables, the guest link among them", async () => {
    const { deps, property } = await stayWithCode();
    const client = webClient(createApp(deps));
    await client.signIn("host@example.com", "host-password-1");
    const page = await client.get(`/dashboard/properties/${property.id}/settings`);
    expect(page.html).toContain("Default text and variables");
    expect(page.html).toContain("Your check-in page: {{guest_link}}");
    expect(page.html).toContain("<code>{{guest_link}} </code>");
    expect(page.html).toContain("<code>{{house_notes}} </code>");
  });
});
