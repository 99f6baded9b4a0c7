/** Every capability's reconcile sources, listed in services/ so a service (account deletion) can ask them too. */
export { reconcileSources } from "../services/reconcile-sources";
