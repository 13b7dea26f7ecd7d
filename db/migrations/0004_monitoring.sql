CREATE TABLE "drift_references" (
	"model_run_id" integer PRIMARY KEY NOT NULL,
	"reference" jsonb NOT NULL,
	"test_auc" double precision,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "model_comparisons" (
	"id" serial PRIMARY KEY NOT NULL,
	"champion_id" integer NOT NULL,
	"challenger_id" integer NOT NULL,
	"comparison" jsonb NOT NULL,
	"decision" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "monitor_alerts" (
	"id" serial PRIMARY KEY NOT NULL,
	"scoring_run_id" integer NOT NULL,
	"model_run_id" integer NOT NULL,
	"dataset_id" integer NOT NULL,
	"as_of_week" smallint NOT NULL,
	"kind" text NOT NULL,
	"severity" text NOT NULL,
	"message" text NOT NULL,
	"value" double precision NOT NULL,
	"limit_value" double precision NOT NULL,
	"features" jsonb NOT NULL,
	"suggestion" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scoring_jobs" (
	"id" serial PRIMARY KEY NOT NULL,
	"dataset_id" integer NOT NULL,
	"reason" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"progress" integer DEFAULT 0 NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"scoring_run_id" integer,
	"lease_owner" text,
	"lease_until" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "scoring_monitors" (
	"scoring_run_id" integer PRIMARY KEY NOT NULL,
	"drift" jsonb,
	"estimated" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "drift_references" ADD CONSTRAINT "drift_references_model_run_id_model_runs_id_fk" FOREIGN KEY ("model_run_id") REFERENCES "public"."model_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_comparisons" ADD CONSTRAINT "model_comparisons_champion_id_model_runs_id_fk" FOREIGN KEY ("champion_id") REFERENCES "public"."model_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_comparisons" ADD CONSTRAINT "model_comparisons_challenger_id_model_runs_id_fk" FOREIGN KEY ("challenger_id") REFERENCES "public"."model_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitor_alerts" ADD CONSTRAINT "monitor_alerts_scoring_run_id_scoring_runs_id_fk" FOREIGN KEY ("scoring_run_id") REFERENCES "public"."scoring_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scoring_jobs" ADD CONSTRAINT "scoring_jobs_dataset_id_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."datasets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scoring_monitors" ADD CONSTRAINT "scoring_monitors_scoring_run_id_scoring_runs_id_fk" FOREIGN KEY ("scoring_run_id") REFERENCES "public"."scoring_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "model_comparisons_pair" ON "model_comparisons" USING btree ("champion_id","challenger_id");--> statement-breakpoint
CREATE UNIQUE INDEX "monitor_alerts_run_kind" ON "monitor_alerts" USING btree ("scoring_run_id","kind");--> statement-breakpoint
CREATE INDEX "monitor_alerts_created" ON "monitor_alerts" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "scoring_jobs_dedupe" ON "scoring_jobs" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "scoring_jobs_status" ON "scoring_jobs" USING btree ("status");