CREATE TABLE `lock_events` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`property_id` text NOT NULL,
	`lock_id` text NOT NULL,
	`provider` text NOT NULL,
	`provider_event_id` text NOT NULL,
	`kind` text NOT NULL,
	`method` text DEFAULT 'unknown' NOT NULL,
	`provider_code_id` text,
	`slot` integer,
	`access_code_id` text,
	`actor` text,
	`stay_id` text,
	`turnover_id` text,
	`contact_id` text,
	`occurred_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`property_id`) REFERENCES `properties`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`lock_id`) REFERENCES `locks`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`access_code_id`) REFERENCES `access_codes`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`stay_id`) REFERENCES `stays`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`turnover_id`) REFERENCES `turnovers`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `lock_events_provider_event_unique` ON `lock_events` (`account_id`,`provider`,`provider_event_id`);--> statement-breakpoint
CREATE INDEX `lock_events_account_idx` ON `lock_events` (`account_id`,`id`);--> statement-breakpoint
CREATE INDEX `lock_events_lock_time_idx` ON `lock_events` (`lock_id`,`occurred_at`);--> statement-breakpoint
CREATE INDEX `lock_events_stay_idx` ON `lock_events` (`stay_id`);--> statement-breakpoint
CREATE INDEX `lock_events_contact_idx` ON `lock_events` (`contact_id`);--> statement-breakpoint
CREATE INDEX `lock_events_code_idx` ON `lock_events` (`access_code_id`);--> statement-breakpoint
CREATE INDEX `lock_events_account_time_idx` ON `lock_events` (`account_id`,`occurred_at`);--> statement-breakpoint
ALTER TABLE `properties` ADD `arrival_notice` text DEFAULT 'any' NOT NULL;--> statement-breakpoint
ALTER TABLE `properties` ADD `arrival_welcome` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `properties` ADD `no_arrival_alert_minutes` integer DEFAULT 360;--> statement-breakpoint
ALTER TABLE `properties` ADD `auto_checkout_on_lock` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `provider_connections` ADD `event_cursor` text;--> statement-breakpoint
ALTER TABLE `stays` ADD `checked_in_at` integer;--> statement-breakpoint
ALTER TABLE `stays` ADD `checked_out_at` integer;