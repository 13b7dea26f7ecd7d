CREATE TABLE "scoring_runs" (
	"id" serial PRIMARY KEY NOT NULL,
	"model_run_id" integer NOT NULL,
	"dataset_id" integer NOT NULL,
	"as_of_week" smallint NOT NULL,
	"horizon_weeks" smallint NOT NULL,
	"scored_count" integer NOT NULL,
	"predicted" jsonb NOT NULL,
	"realised" jsonb,
	"outcomes_at" timestamp with time zone,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "predictions_rank";
--> statement-breakpoint
ALTER TABLE "feature_vectors" DROP CONSTRAINT "feature_vectors_dataset_id_customer_id_pk";
--> statement-breakpoint
ALTER TABLE "predictions" DROP CONSTRAINT "predictions_model_run_id_customer_id_pk";
--> statement-breakpoint
ALTER TABLE "api_tokens" ADD COLUMN "user_id" integer;
--> statement-breakpoint
ALTER TABLE "api_tokens" ADD COLUMN "expires_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "open_week" smallint;
--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "churn_week" smallint;
--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "churn_type" text;
--> statement-breakpoint
ALTER TABLE "datasets" ADD COLUMN "kind" text DEFAULT 'snapshot' NOT NULL;
--> statement-breakpoint
ALTER TABLE "datasets" ADD COLUMN "start_date" date;
--> statement-breakpoint
ALTER TABLE "datasets" ADD COLUMN "as_of_week" smallint DEFAULT 0 NOT NULL;
--> statement-breakpoint
ALTER TABLE "datasets" ADD COLUMN "horizon_weeks" smallint DEFAULT 12 NOT NULL;
--> statement-breakpoint
ALTER TABLE "datasets" ADD COLUMN "lookback_weeks" smallint DEFAULT 12 NOT NULL;
--> statement-breakpoint
ALTER TABLE "datasets" ADD COLUMN "generator" jsonb;
--> statement-breakpoint
ALTER TABLE "feature_vectors" ADD COLUMN "as_of_week" smallint DEFAULT 0 NOT NULL;
--> statement-breakpoint
ALTER TABLE "feature_vectors" ADD COLUMN "label" smallint;
--> statement-breakpoint
ALTER TABLE "feature_vectors" ADD COLUMN "true_probability" double precision;
--> statement-breakpoint
ALTER TABLE "model_runs" ADD COLUMN "split" jsonb;
--> statement-breakpoint
ALTER TABLE "model_runs" ADD COLUMN "backtest" jsonb;
--> statement-breakpoint
ALTER TABLE "model_runs" ADD COLUMN "horizon_weeks" smallint;
--> statement-breakpoint
ALTER TABLE "predictions" ADD COLUMN "as_of_week" smallint DEFAULT 0 NOT NULL;
--> statement-breakpoint
ALTER TABLE "predictions" ADD COLUMN "outcome" smallint;
--> statement-breakpoint
ALTER TABLE "feature_vectors" ADD CONSTRAINT "feature_vectors_dataset_id_as_of_week_customer_id_pk" PRIMARY KEY("dataset_id","as_of_week","customer_id");
--> statement-breakpoint
ALTER TABLE "predictions" ADD CONSTRAINT "predictions_model_run_id_dataset_id_as_of_week_customer_id_pk" PRIMARY KEY("model_run_id","dataset_id","as_of_week","customer_id");
--> statement-breakpoint
-- Tokens belong to the account that created them; a token whose creator is no account (the CLI) is revoked rather than left without an owner.
UPDATE "api_tokens" t SET "user_id" = u."id" FROM "users" u WHERE lower(t."created_by") = u."email"
--> statement-breakpoint
UPDATE "api_tokens" SET "revoked_at" = coalesce("revoked_at", now()) WHERE "user_id" IS NULL
--> statement-breakpoint
ALTER TABLE "scoring_runs" ADD CONSTRAINT "scoring_runs_model_run_id_model_runs_id_fk" FOREIGN KEY ("model_run_id") REFERENCES "public"."model_runs"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "scoring_runs" ADD CONSTRAINT "scoring_runs_dataset_id_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."datasets"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE UNIQUE INDEX "scoring_runs_unique" ON "scoring_runs" USING btree ("model_run_id","dataset_id","as_of_week");
--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "predictions_rank" ON "predictions" USING btree ("model_run_id","dataset_id","as_of_week","risk_rank");
--> statement-breakpoint
-- A dataset from before the timeline keeps working as one labelled snapshot at as-of week 0.
UPDATE "feature_vectors" fv SET "label" = CASE WHEN c."churned" THEN 1 WHEN NOT c."churned" THEN 0 END, "true_probability" = c."true_probability"
FROM "customers" c WHERE c."dataset_id" = fv."dataset_id" AND c."id" = fv."customer_id";
