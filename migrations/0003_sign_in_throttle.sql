CREATE TABLE `sign_in_throttle` (
	`scope` text NOT NULL,
	`key_hash` text NOT NULL,
	`failures` integer NOT NULL,
	`window_started_at` integer NOT NULL,
	`last_failure_at` integer NOT NULL,
	PRIMARY KEY(`scope`, `key_hash`)
);
--> statement-breakpoint
CREATE INDEX `sign_in_throttle_last_failure_idx` ON `sign_in_throttle` (`last_failure_at`);