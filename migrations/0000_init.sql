CREATE TABLE `accounts` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`user_id` text,
	`name` text NOT NULL,
	`prefix` text NOT NULL,
	`key_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`last_used_at` integer,
	`revoked_at` integer,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_hash_unique` ON `api_keys` (`key_hash`);--> statement-breakpoint
CREATE INDEX `api_keys_account_idx` ON `api_keys` (`account_id`);--> statement-breakpoint
CREATE TABLE `idempotency_keys` (
	`account_id` text NOT NULL,
	`key` text NOT NULL,
	`method` text NOT NULL,
	`path` text NOT NULL,
	`request_hash` text NOT NULL,
	`response_status` integer NOT NULL,
	`response_body` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `idempotency_keys_pk` ON `idempotency_keys` (`account_id`,`key`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`token_hash` text NOT NULL,
	`user_id` text NOT NULL,
	`account_id` text NOT NULL,
	`csrf_token` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sessions_token_unique` ON `sessions` (`token_hash`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`email` text NOT NULL,
	`name` text,
	`role` text NOT NULL,
	`password_hash` text,
	`contact_id` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);--> statement-breakpoint
CREATE INDEX `users_account_idx` ON `users` (`account_id`);--> statement-breakpoint
CREATE TABLE `contacts` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`role` text NOT NULL,
	`name` text NOT NULL,
	`phone` text,
	`email` text,
	`ical_token_hash` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `contacts_account_idx` ON `contacts` (`account_id`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `contacts_ical_token_unique` ON `contacts` (`ical_token_hash`);--> statement-breakpoint
CREATE TABLE `locks` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`property_id` text NOT NULL,
	`connection_id` text,
	`name` text NOT NULL,
	`provider` text NOT NULL,
	`provider_device_id` text NOT NULL,
	`supported_code_lengths` text,
	`constraints` text,
	`native_schedules` integer DEFAULT true NOT NULL,
	`slot_capacity` integer,
	`battery_level_pct` integer,
	`battery_status` text,
	`online` integer,
	`last_seen_at` integer,
	`last_health_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`property_id`) REFERENCES `properties`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`connection_id`) REFERENCES `provider_connections`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `locks_account_idx` ON `locks` (`account_id`,`id`);--> statement-breakpoint
CREATE INDEX `locks_property_idx` ON `locks` (`property_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `locks_device_unique` ON `locks` (`account_id`,`provider`,`provider_device_id`);--> statement-breakpoint
CREATE TABLE `properties` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`name` text NOT NULL,
	`address` text,
	`timezone` text NOT NULL,
	`check_in_time` text DEFAULT '16:00' NOT NULL,
	`checkout_time` text DEFAULT '11:00' NOT NULL,
	`early_buffer_minutes` integer DEFAULT 0 NOT NULL,
	`late_buffer_minutes` integer DEFAULT 0 NOT NULL,
	`code_length` integer DEFAULT 6 NOT NULL,
	`code_strategy` text DEFAULT 'random' NOT NULL,
	`message_lead_minutes` integer DEFAULT 1440 NOT NULL,
	`program_lead_minutes` integer DEFAULT 1440 NOT NULL,
	`turnover_minutes` integer DEFAULT 300 NOT NULL,
	`cleaner_message_hour` integer DEFAULT 18 NOT NULL,
	`locale` text DEFAULT 'en-US' NOT NULL,
	`wifi_name` text,
	`wifi_password` text,
	`check_in_instructions` text,
	`templates` text DEFAULT '{}' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `properties_account_idx` ON `properties` (`account_id`,`id`);--> statement-breakpoint
CREATE TABLE `property_cleaners` (
	`property_id` text NOT NULL,
	`contact_id` text NOT NULL,
	PRIMARY KEY(`property_id`, `contact_id`),
	FOREIGN KEY (`property_id`) REFERENCES `properties`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `provider_connections` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`provider` text NOT NULL,
	`name` text NOT NULL,
	`config_enc` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `provider_connections_account_idx` ON `provider_connections` (`account_id`);--> statement-breakpoint
CREATE TABLE `feeds` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`property_id` text NOT NULL,
	`name` text,
	`url_enc` text NOT NULL,
	`url_hash` text NOT NULL,
	`url_redacted` text NOT NULL,
	`source` text DEFAULT 'generic' NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`sync_interval_minutes` integer DEFAULT 10 NOT NULL,
	`next_sync_at` integer,
	`etag` text,
	`last_modified` text,
	`content_hash` text,
	`last_event_count` integer,
	`last_sync_at` integer,
	`last_success_at` integer,
	`last_error` text,
	`consecutive_failures` integer DEFAULT 0 NOT NULL,
	`empty_fetch_streak` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`property_id`) REFERENCES `properties`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `feeds_account_idx` ON `feeds` (`account_id`,`id`);--> statement-breakpoint
CREATE INDEX `feeds_due_idx` ON `feeds` (`status`,`next_sync_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `feeds_url_unique` ON `feeds` (`property_id`,`url_hash`);--> statement-breakpoint
CREATE TABLE `stays` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`property_id` text NOT NULL,
	`feed_id` text,
	`external_uid` text,
	`uid_aliases` text DEFAULT '[]' NOT NULL,
	`kind` text NOT NULL,
	`status` text DEFAULT 'confirmed' NOT NULL,
	`check_in_date` text NOT NULL,
	`check_out_date` text NOT NULL,
	`check_in_at` integer NOT NULL,
	`check_out_at` integer NOT NULL,
	`early_check_in_at` integer,
	`late_check_out_at` integer,
	`summary` text,
	`guest_name` text,
	`guest_phone_last4` text,
	`guest_phone` text,
	`guest_email` text,
	`reservation_code` text,
	`missing_count` integer DEFAULT 0 NOT NULL,
	`echo_of_stay_id` text,
	`conflict` integer DEFAULT false NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`cancelled_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`property_id`) REFERENCES `properties`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`feed_id`) REFERENCES `feeds`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `stays_feed_uid_unique` ON `stays` (`feed_id`,`external_uid`);--> statement-breakpoint
CREATE INDEX `stays_account_idx` ON `stays` (`account_id`,`id`);--> statement-breakpoint
CREATE INDEX `stays_property_time_idx` ON `stays` (`property_id`,`check_in_at`);--> statement-breakpoint
CREATE TABLE `turnovers` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`property_id` text NOT NULL,
	`after_stay_id` text NOT NULL,
	`next_stay_id` text,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`status` text DEFAULT 'scheduled' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`property_id`) REFERENCES `properties`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`after_stay_id`) REFERENCES `stays`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `turnovers_after_stay_unique` ON `turnovers` (`after_stay_id`);--> statement-breakpoint
CREATE INDEX `turnovers_property_idx` ON `turnovers` (`property_id`,`starts_at`);--> statement-breakpoint
CREATE TABLE `access_codes` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`property_id` text NOT NULL,
	`lock_id` text NOT NULL,
	`purpose` text NOT NULL,
	`stay_id` text,
	`turnover_id` text,
	`contact_id` text,
	`assigned_stay_id` text,
	`pin_enc` text NOT NULL,
	`pin_hash` text NOT NULL,
	`pin_prefix_hash` text,
	`pin_length` integer NOT NULL,
	`valid_from` integer NOT NULL,
	`valid_to` integer NOT NULL,
	`state` text DEFAULT 'planned' NOT NULL,
	`provider_code_id` text,
	`slot` integer,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`program_at` integer,
	`confirmed_at` integer,
	`revoked_at` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`property_id`) REFERENCES `properties`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`lock_id`) REFERENCES `locks`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`stay_id`) REFERENCES `stays`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`turnover_id`) REFERENCES `turnovers`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `access_codes_account_idx` ON `access_codes` (`account_id`,`id`);--> statement-breakpoint
CREATE INDEX `access_codes_lock_pin_idx` ON `access_codes` (`lock_id`,`pin_hash`);--> statement-breakpoint
CREATE INDEX `access_codes_stay_idx` ON `access_codes` (`stay_id`);--> statement-breakpoint
CREATE INDEX `access_codes_turnover_idx` ON `access_codes` (`turnover_id`);--> statement-breakpoint
CREATE INDEX `access_codes_assigned_stay_idx` ON `access_codes` (`assigned_stay_id`);--> statement-breakpoint
CREATE INDEX `access_codes_cleaner_idx` ON `access_codes` (`property_id`,`contact_id`);--> statement-breakpoint
CREATE INDEX `access_codes_state_idx` ON `access_codes` (`state`,`program_at`);--> statement-breakpoint
CREATE TABLE `alerts` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`kind` text NOT NULL,
	`severity` text NOT NULL,
	`subject_type` text NOT NULL,
	`subject_id` text NOT NULL,
	`dedupe_key` text NOT NULL,
	`title` text NOT NULL,
	`detail` text,
	`status` text DEFAULT 'open' NOT NULL,
	`opened_at` integer NOT NULL,
	`resolved_at` integer,
	`acknowledged_at` integer,
	`acknowledged_by` text,
	`notified_at` integer,
	`notified_severity` text,
	`resolution_notified_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `alerts_open_dedupe_unique` ON `alerts` (`account_id`,`dedupe_key`) WHERE status = 'open';--> statement-breakpoint
CREATE INDEX `alerts_account_idx` ON `alerts` (`account_id`,`id`);--> statement-breakpoint
CREATE TABLE `audit_events` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`at` integer NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`subject_type` text NOT NULL,
	`subject_id` text NOT NULL,
	`outcome` text DEFAULT 'ok' NOT NULL,
	`provider` text,
	`provider_request_id` text,
	`detail` text,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `audit_events_account_idx` ON `audit_events` (`account_id`,`id`);--> statement-breakpoint
CREATE INDEX `audit_events_subject_idx` ON `audit_events` (`subject_type`,`subject_id`);--> statement-breakpoint
CREATE TABLE `messages` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`property_id` text,
	`stay_id` text,
	`turnover_id` text,
	`contact_id` text,
	`alert_id` text,
	`channel` text NOT NULL,
	`provider` text NOT NULL,
	`recipient` text NOT NULL,
	`purpose` text NOT NULL,
	`subject` text,
	`body_enc` text NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`provider_id` text,
	`error_code` text,
	`error` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`idempotency_key` text NOT NULL,
	`send_at` integer,
	`sent_at` integer,
	`delivered_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `messages_idempotency_unique` ON `messages` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `messages_account_idx` ON `messages` (`account_id`,`id`);--> statement-breakpoint
CREATE INDEX `messages_provider_id_idx` ON `messages` (`provider_id`);--> statement-breakpoint
CREATE TABLE `sms_opt_outs` (
	`phone` text PRIMARY KEY NOT NULL,
	`opted_out_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `webhook_events` (
	`provider` text NOT NULL,
	`event_id` text NOT NULL,
	`received_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `webhook_events_unique` ON `webhook_events` (`provider`,`event_id`);--> statement-breakpoint
CREATE TABLE `jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`queue` text NOT NULL,
	`name` text NOT NULL,
	`payload` text NOT NULL,
	`state` text DEFAULT 'waiting' NOT NULL,
	`run_at` integer NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`max_attempts` integer NOT NULL,
	`backoff_ms` integer NOT NULL,
	`lease_until` integer,
	`lease_owner` text,
	`last_error` text,
	`finished_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `jobs_due_idx` ON `jobs` (`state`,`run_at`);--> statement-breakpoint
CREATE INDEX `jobs_queue_idx` ON `jobs` (`queue`,`state`);