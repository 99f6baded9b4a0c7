/**
 * A failure that retrying cannot fix (vendor 4xx, a record that can never be processed). The BullMQ driver maps it
 * to `UnrecoverableError`; the embedded driver fails the job at once. Any error with `permanent: true` (such as a
 * provider error for a 4xx) is treated the same way, so adapters need not import this class.
 */
export class PermanentJobError extends Error {
  readonly permanent = true;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PermanentJobError";
  }
}

export function isPermanentError(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { permanent?: unknown }).permanent === true;
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
