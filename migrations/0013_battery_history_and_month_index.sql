CREATE TABLE `battery_readings` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`lock_id` text NOT NULL,
	`level_pct` integer,
	`status` text,
	`read_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`lock_id`) REFERENCES `locks`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `battery_readings_lock_time_idx` ON `battery_readings` (`lock_id`,`read_at`);--> statement-breakpoint
CREATE INDEX `battery_readings_time_idx` ON `battery_readings` (`read_at`);--> statement-breakpoint
CREATE INDEX `stays_account_span_idx` ON `stays` (`account_id`,`check_out_at`,`check_in_at`);