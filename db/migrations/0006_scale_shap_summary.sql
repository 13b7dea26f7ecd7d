CREATE TABLE "shap_summaries" (
	"model_run_id" integer NOT NULL,
	"dataset_id" integer NOT NULL,
	"as_of_week" smallint NOT NULL,
	"n_rows" integer NOT NULL,
	"mean_abs_shap" double precision[] NOT NULL,
	"sample_size" integer NOT NULL,
	"sample_shap" "bytea" NOT NULL,
	"sample_normalized" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "shap_summaries_model_run_id_dataset_id_as_of_week_pk" PRIMARY KEY("model_run_id","dataset_id","as_of_week")
);
--> statement-breakpoint
ALTER TABLE "shap_summaries" ADD CONSTRAINT "shap_summaries_model_run_id_model_runs_id_fk" FOREIGN KEY ("model_run_id") REFERENCES "public"."model_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Hand-written (#17 scale): list orders read these indexes in order and stop after the page.
CREATE INDEX IF NOT EXISTS "predictions_loss_rank" ON "predictions" USING btree ("model_run_id","dataset_id","as_of_week","loss_rank");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "feature_vectors_assets" ON "feature_vectors" USING btree ("dataset_id","as_of_week",("values"[9]) DESC,"customer_id");
