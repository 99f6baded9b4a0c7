/**
 * Business rules the API triggers but does not own (calendar sync, code planning, delivery). Each is
 * optional so the routes work before those services exist: the database row is the source of truth and a
 * sweep picks up whatever a missing hook would have started sooner. Declared here, beside the services that
 * implement them, so a service never imports from routes/.
 */
export interface ApiHooks {
  /** A host asked for a feed to sync now (its `nextSyncAt` is already set to now). */
  syncFeedNow?(feedId: string): Promise<void> | void;
  /** A stay's dates, overrides, guest contact or status changed (its `version` is already bumped). */
  onStayChanged?(stayId: string): Promise<void> | void;
}
