CREATE TABLE `sms_opt_out_hashes` (
	`phone_hash` text PRIMARY KEY NOT NULL,
	`opted_out_at` integer NOT NULL
);
--> statement-breakpoint
DROP INDEX `users_email_unique`;--> statement-breakpoint
ALTER TABLE `users` ADD `email_enc` text;--> statement-breakpoint
ALTER TABLE `users` ADD `email_hash` text;--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_hash_unique` ON `users` (`email_hash`);--> statement-breakpoint
ALTER TABLE `contacts` ADD `phone_enc` text;--> statement-breakpoint
ALTER TABLE `contacts` ADD `email_enc` text;--> statement-breakpoint
ALTER TABLE `stays` ADD `guest_phone_enc` text;--> statement-breakpoint
ALTER TABLE `stays` ADD `guest_email_enc` text;--> statement-breakpoint
ALTER TABLE `messages` ADD `recipient_enc` text;