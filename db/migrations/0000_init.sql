CREATE TABLE "api_tokens" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"prefix" text NOT NULL,
	"role" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"target" text,
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "customers" (
	"dataset_id" integer NOT NULL,
	"id" text NOT NULL,
	"name" text NOT NULL,
	"phone" text NOT NULL,
	"id_number" text NOT NULL,
	"branch" text NOT NULL,
	"customer_type" smallint NOT NULL,
	"risk_tolerance" smallint NOT NULL,
	"age" smallint NOT NULL,
	"tenure_months" integer NOT NULL,
	"open_channel" smallint NOT NULL,
	"has_margin" boolean NOT NULL,
	"has_advisor" boolean NOT NULL,
	"commission_rate" double precision NOT NULL,
	"product_count" smallint NOT NULL,
	"churned" boolean,
	"true_probability" double precision,
	CONSTRAINT "customers_dataset_id_id_pk" PRIMARY KEY("dataset_id","id")
);
--> statement-breakpoint
CREATE TABLE "datasets" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"source" text NOT NULL,
	"seed" integer,
	"n_customers" integer NOT NULL,
	"n_weeks" smallint NOT NULL,
	"churn_rate" double precision NOT NULL,
	"target_churn_rate" double precision,
	"oracle_auc" double precision,
	"is_active" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "feature_vectors" (
	"dataset_id" integer NOT NULL,
	"customer_id" text NOT NULL,
	"values" double precision[] NOT NULL,
	CONSTRAINT "feature_vectors_dataset_id_customer_id_pk" PRIMARY KEY("dataset_id","customer_id")
);
--> statement-breakpoint
CREATE TABLE "model_runs" (
	"id" serial PRIMARY KEY NOT NULL,
	"dataset_id" integer,
	"status" text NOT NULL,
	"phase" text DEFAULT 'queued' NOT NULL,
	"source" text DEFAULT 'ml-xgboost' NOT NULL,
	"is_active" boolean DEFAULT false NOT NULL,
	"params" jsonb NOT NULL,
	"feature_names" jsonb NOT NULL,
	"metrics" jsonb,
	"learning_curve" jsonb,
	"current_round" integer DEFAULT 0 NOT NULL,
	"total_rounds" integer DEFAULT 0 NOT NULL,
	"best_iteration" integer,
	"model_bytes" "bytea",
	"model_format" text DEFAULT 'xgboost-binary' NOT NULL,
	"shap_base_value" double precision,
	"threshold" double precision,
	"duration_ms" integer,
	"timings" jsonb,
	"error" text,
	"owner_id" text,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "plan_batches" (
	"id" serial PRIMARY KEY NOT NULL,
	"dataset_id" integer NOT NULL,
	"model_run_id" integer NOT NULL,
	"status" text NOT NULL,
	"total" integer NOT NULL,
	"planner" text NOT NULL,
	"llm_model" text,
	"prompt_version" text NOT NULL,
	"params" jsonb NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "predictions" (
	"model_run_id" integer NOT NULL,
	"dataset_id" integer NOT NULL,
	"customer_id" text NOT NULL,
	"probability" double precision NOT NULL,
	"margin" double precision NOT NULL,
	"risk_level" text NOT NULL,
	"risk_rank" integer NOT NULL,
	"expected_asset_loss" double precision NOT NULL,
	"loss_rank" integer NOT NULL,
	"shap" double precision[] NOT NULL,
	"scored_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "predictions_model_run_id_customer_id_pk" PRIMARY KEY("model_run_id","customer_id")
);
--> statement-breakpoint
CREATE TABLE "retention_plans" (
	"id" serial PRIMARY KEY NOT NULL,
	"batch_id" integer NOT NULL,
	"dataset_id" integer NOT NULL,
	"customer_id" text NOT NULL,
	"position" integer NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"claimed_by" text,
	"lease_until" timestamp with time zone,
	"probability" double precision NOT NULL,
	"risk_level" text NOT NULL,
	"priority" text,
	"plan" jsonb,
	"raw_text" text,
	"source" text,
	"llm_model" text,
	"prompt_version" text,
	"compliance_status" text,
	"compliance_issues" jsonb,
	"error" text,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" serial PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" text NOT NULL,
	"disabled" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_email_unique" UNIQUE("email")
);
--> statement-breakpoint
CREATE TABLE "weekly_behaviour" (
	"dataset_id" integer NOT NULL,
	"customer_id" text NOT NULL,
	"week" smallint NOT NULL,
	"logins" integer NOT NULL,
	"trades" integer NOT NULL,
	"trade_amount" double precision NOT NULL,
	"total_assets" double precision NOT NULL,
	"net_inflow" double precision NOT NULL,
	"service_contacts" integer NOT NULL,
	"complaints" integer NOT NULL,
	"weekly_return" double precision NOT NULL,
	CONSTRAINT "weekly_behaviour_dataset_id_customer_id_week_pk" PRIMARY KEY("dataset_id","customer_id","week")
);
--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_dataset_id_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."datasets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_runs" ADD CONSTRAINT "model_runs_dataset_id_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."datasets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "predictions" ADD CONSTRAINT "predictions_model_run_id_model_runs_id_fk" FOREIGN KEY ("model_run_id") REFERENCES "public"."model_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retention_plans" ADD CONSTRAINT "retention_plans_batch_id_plan_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."plan_batches"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "datasets_one_active" ON "datasets" USING btree ("is_active") WHERE "datasets"."is_active";--> statement-breakpoint
CREATE UNIQUE INDEX "model_runs_one_active" ON "model_runs" USING btree ("is_active") WHERE "model_runs"."is_active";--> statement-breakpoint
CREATE UNIQUE INDEX "model_runs_one_running" ON "model_runs" USING btree ("status") WHERE "model_runs"."status" = 'running';--> statement-breakpoint
CREATE INDEX "predictions_rank" ON "predictions" USING btree ("model_run_id","risk_rank");--> statement-breakpoint
CREATE UNIQUE INDEX "retention_plans_batch_customer" ON "retention_plans" USING btree ("batch_id","customer_id");--> statement-breakpoint
CREATE INDEX "retention_plans_status" ON "retention_plans" USING btree ("batch_id","status");--> statement-breakpoint
CREATE INDEX "retention_plans_customer" ON "retention_plans" USING btree ("dataset_id","customer_id");--> statement-breakpoint
CREATE INDEX "sessions_user" ON "sessions" USING btree ("user_id");