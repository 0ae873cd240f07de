-- Modify "notifications" table
ALTER TABLE "notifications" ADD COLUMN "html_body" text NULL;
-- Create index "notification_state" to table: "notifications"
CREATE INDEX "notification_state" ON "notifications" ("state");
