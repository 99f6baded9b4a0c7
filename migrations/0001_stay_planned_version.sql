ALTER TABLE `stays` ADD `planned_version` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Stays that existed before were planned through their own plan-stay jobs (still queued where they had not run).
UPDATE `stays` SET `planned_version` = `version`;
