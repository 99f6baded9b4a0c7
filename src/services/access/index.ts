export { accessCodeProcessors, type AccessCodeProcessors } from "./processors";
export { planStayAccess, planPropertyAccess, enqueuePlanStay, type PlanOutcome } from "./plan-stay-access";
export { programCode } from "./program-code";
export { verifyCode } from "./verify-code";
export { revokeCode } from "./revoke-code";
export { reconcileLockCodes, type LockDrift } from "./reconcile-lock-codes";
export { assignBackupCode, BACKUP_POOL_SIZE } from "./backup-codes";
export { lockCallAuditor } from "./lock-call-audit";
export { codePinAd, pinHashFor, codeNameOnLock } from "./code-records";
