-- Add column "html_body" to table: "notifications"
ALTER TABLE `notifications` ADD COLUMN `html_body` text NULL;
-- Create index "notification_state" to table: "notifications"
CREATE INDEX `notification_state` ON `notifications` (`state`);
