-- Fixed-value columns store codes (issue #10). Existing rows first: plan priorities were stored as
-- the display glyphs 高/中/低, in the column and inside the plan JSON; they become high/medium/low.
UPDATE "retention_plans" SET "priority" = CASE "priority" WHEN '高' THEN 'high' WHEN '中' THEN 'medium' WHEN '低' THEN 'low' ELSE "priority" END WHERE "priority" IN ('高', '中', '低');--> statement-breakpoint
UPDATE "retention_plans" SET "plan" = jsonb_set("plan", '{priority}', to_jsonb(CASE "plan"->>'priority' WHEN '高' THEN 'high' WHEN '中' THEN 'medium' ELSE 'low' END)) WHERE jsonb_typeof("plan") = 'object' AND "plan"->>'priority' IN ('高', '中', '低');--> statement-breakpoint
-- A value outside the codes would make the constraint fail the whole migration: keep the row, drop the unknown priority.
UPDATE "retention_plans" SET "priority" = NULL WHERE "priority" IS NOT NULL AND "priority" NOT IN ('high', 'medium', 'low');--> statement-breakpoint
ALTER TABLE "model_runs" ADD CONSTRAINT "model_runs_status_check" CHECK ("model_runs"."status" in ('running', 'succeeded', 'failed', 'cancelled'));--> statement-breakpoint
ALTER TABLE "model_runs" ADD CONSTRAINT "model_runs_phase_check" CHECK ("model_runs"."phase" in ('queued', 'preparing', 'training', 'evaluating', 'explaining', 'scoring', 'done'));--> statement-breakpoint
ALTER TABLE "plan_batches" ADD CONSTRAINT "plan_batches_status_check" CHECK ("plan_batches"."status" in ('pending', 'running', 'done', 'cancelled'));--> statement-breakpoint
ALTER TABLE "retention_plans" ADD CONSTRAINT "retention_plans_status_check" CHECK ("retention_plans"."status" in ('pending', 'running', 'done', 'failed', 'cancelled'));--> statement-breakpoint
ALTER TABLE "retention_plans" ADD CONSTRAINT "retention_plans_priority_check" CHECK ("retention_plans"."priority" is null or "retention_plans"."priority" in ('high', 'medium', 'low'));
