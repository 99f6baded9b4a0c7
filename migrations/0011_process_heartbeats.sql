CREATE TABLE `process_heartbeats` (
	`id` text PRIMARY KEY NOT NULL,
	`role` text NOT NULL,
	`queues` text NOT NULL,
	`host` text NOT NULL,
	`pid` integer NOT NULL,
	`started_at` integer NOT NULL,
	`beat_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `process_heartbeats_beat_idx` ON `process_heartbeats` (`beat_at`);