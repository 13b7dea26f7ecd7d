CREATE TABLE "campaign_advisors" (
	"id" serial PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"name" text NOT NULL,
	"workload_cap" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaign_advisors_user_id_unique" UNIQUE("user_id")
);
--> statement-breakpoint
CREATE TABLE "campaign_members" (
	"campaign_id" integer NOT NULL,
	"customer_id" text NOT NULL,
	"arm" text NOT NULL,
	"rank" integer NOT NULL,
	"decile" smallint NOT NULL,
	"probability" double precision NOT NULL,
	"assets" double precision NOT NULL,
	"offer_cost" double precision DEFAULT 0 NOT NULL,
	"plan_id" integer,
	"advisor_id" integer,
	"status" text,
	"note" text,
	"status_at" timestamp with time zone,
	"status_by" text,
	"true_effect" double precision,
	"relative_effect" double precision,
	"contact_probability" double precision,
	"natural_outcome" smallint,
	"simulated_contact" boolean,
	"outcome" smallint,
	CONSTRAINT "campaign_members_campaign_id_customer_id_pk" PRIMARY KEY("campaign_id","customer_id")
);
--> statement-breakpoint
CREATE TABLE "campaigns" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"dataset_id" integer NOT NULL,
	"model_run_id" integer NOT NULL,
	"scoring_run_id" integer,
	"as_of_week" smallint NOT NULL,
	"horizon_weeks" smallint NOT NULL,
	"selection" text NOT NULL,
	"control_share" double precision NOT NULL,
	"seed" integer NOT NULL,
	"budget" double precision NOT NULL,
	"cost" double precision NOT NULL,
	"plan_batch_id" integer,
	"treated_count" integer NOT NULL,
	"control_count" integer NOT NULL,
	"compliance_excluded" integer DEFAULT 0 NOT NULL,
	"outcome" jsonb,
	"outcomes_at" timestamp with time zone,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "campaign_advisors" ADD CONSTRAINT "campaign_advisors_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_members" ADD CONSTRAINT "campaign_members_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_members" ADD CONSTRAINT "campaign_members_advisor_id_campaign_advisors_id_fk" FOREIGN KEY ("advisor_id") REFERENCES "public"."campaign_advisors"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_dataset_id_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."datasets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_scoring_run_id_scoring_runs_id_fk" FOREIGN KEY ("scoring_run_id") REFERENCES "public"."scoring_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "campaign_members_advisor" ON "campaign_members" USING btree ("advisor_id","status");