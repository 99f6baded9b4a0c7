CREATE TABLE `guest_page_throttle` (
	`scope` text NOT NULL,
	`key_hash` text NOT NULL,
	`failures` integer NOT NULL,
	`window_started_at` integer NOT NULL,
	`last_failure_at` integer NOT NULL,
	PRIMARY KEY(`scope`, `key_hash`)
);
--> statement-breakpoint
CREATE INDEX `guest_page_throttle_last_failure_idx` ON `guest_page_throttle` (`last_failure_at`);--> statement-breakpoint
CREATE TABLE `guest_registrations` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`stay_id` text NOT NULL,
	`at` integer NOT NULL,
	`gave_phone` integer NOT NULL,
	`gave_email` integer NOT NULL,
	`sms_consent` integer NOT NULL,
	`locale` text NOT NULL,
	`ip_enc` text,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`stay_id`) REFERENCES `stays`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `guest_registrations_stay_idx` ON `guest_registrations` (`stay_id`,`at`);--> statement-breakpoint
ALTER TABLE `properties` ADD `house_notes` text;--> statement-breakpoint
ALTER TABLE `properties` ADD `code_reveal_lead_minutes` integer DEFAULT 2880 NOT NULL;--> statement-breakpoint
ALTER TABLE `properties` ADD `unreachable_alert_lead_minutes` integer DEFAULT 1440 NOT NULL;--> statement-breakpoint
ALTER TABLE `stays` ADD `guest_count` integer;--> statement-breakpoint
ALTER TABLE `stays` ADD `guest_contact_source` text;--> statement-breakpoint
ALTER TABLE `stays` ADD `guest_locale` text;--> statement-breakpoint
ALTER TABLE `stays` ADD `guest_page_opened_at` integer;