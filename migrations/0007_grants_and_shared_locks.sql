CREATE TABLE `lock_properties` (
	`lock_id` text NOT NULL,
	`property_id` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`lock_id`, `property_id`),
	FOREIGN KEY (`lock_id`) REFERENCES `locks`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`property_id`) REFERENCES `properties`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `lock_properties_property_idx` ON `lock_properties` (`property_id`);--> statement-breakpoint
CREATE TABLE `access_grant_locks` (
	`grant_id` text NOT NULL,
	`lock_id` text NOT NULL,
	PRIMARY KEY(`grant_id`, `lock_id`),
	FOREIGN KEY (`grant_id`) REFERENCES `access_grants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`lock_id`) REFERENCES `locks`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `access_grant_locks_lock_idx` ON `access_grant_locks` (`lock_id`);--> statement-breakpoint
CREATE TABLE `access_grants` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`property_id` text NOT NULL,
	`whole_property` integer DEFAULT false NOT NULL,
	`contact_id` text,
	`name` text NOT NULL,
	`phone_enc` text,
	`email_enc` text,
	`kind` text NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer,
	`recurrence` text,
	`max_uses` integer,
	`uses_seen` integer DEFAULT 0 NOT NULL,
	`pin_enc` text NOT NULL,
	`pin_source` text NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`note` text,
	`revoked_at` integer,
	`sent_at` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`property_id`) REFERENCES `properties`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `access_grants_account_idx` ON `access_grants` (`account_id`,`id`);--> statement-breakpoint
CREATE INDEX `access_grants_property_idx` ON `access_grants` (`property_id`);--> statement-breakpoint
ALTER TABLE `access_codes` ADD `grant_id` text;--> statement-breakpoint
ALTER TABLE `access_codes` ADD `one_time_use` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX `access_codes_grant_idx` ON `access_codes` (`grant_id`);--> statement-breakpoint
-- Every existing lock serves the property it was added to: the shared-door table starts with exactly those pairs.
INSERT INTO `lock_properties` (`lock_id`, `property_id`, `created_at`) SELECT `id`, `property_id`, `created_at` FROM `locks`;