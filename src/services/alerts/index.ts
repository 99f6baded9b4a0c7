export { raiseAlert, resolveAlert, type AlertInput, type AlertTransition, type Severity } from "./alert-store";
export { DEFAULT_ALERT_POLICY, type AlertPolicy } from "./alert-policy";
export { notifyAlertChange, notifyAlertChanges } from "./notify-alert-change";
export { alertProcessors } from "./processors";
