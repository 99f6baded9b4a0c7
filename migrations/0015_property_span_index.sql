DROP INDEX `stays_account_span_idx`;--> statement-breakpoint
CREATE INDEX `stays_property_span_idx` ON `stays` (`property_id`,`check_out_at`,`check_in_at`);