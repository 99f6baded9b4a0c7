import { createApp } from "../../src/app";
import { testServiceDeps } from "../support/service-deps";
import { testWorld } from "../support/world";
import { webClient } from "./web-client";

/** A host account on the real app with its owner signed in through the login form: the start of most page tests. */
export async function signedInHost(who: { email: string; password: string }) {
  const deps = testServiceDeps();
  const world = testWorld(deps);
  const owner = await world.account(who);
  const app = createApp(deps);
  const client = webClient(app);
  await client.signIn(who.email, who.password);
  return { deps, world, owner, app, client };
}
