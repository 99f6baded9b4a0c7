export { createRelayPuller, backoffDelay, type RelayPuller, type RelayPullerOptions, type RelayPullerStatus } from "./relay-puller";
export { createRelayClient, RelayHttpError, type RelayClient } from "./relay-client";
export { relayEventSchema, RelayDispatchError, type RelayEvent } from "./relay-event";
export { dispatchToApp, type AppRequest } from "./dispatch-to-app";
export { relayPullerFromConfig } from "./relay-from-config";
export { upcomingCheckIns } from "./upcoming-check-ins";
