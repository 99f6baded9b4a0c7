ALTER TABLE `stays` ADD `pin_generation` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `messages_stay_idx` ON `messages` (`stay_id`);--> statement-breakpoint
CREATE INDEX `messages_turnover_idx` ON `messages` (`turnover_id`);