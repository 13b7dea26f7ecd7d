CREATE TABLE "scoring_job_chunks" (
	"id" serial PRIMARY KEY NOT NULL,
	"job_id" integer NOT NULL,
	"chunk_no" integer NOT NULL,
	"as_of_week" smallint NOT NULL,
	"model_run_id" integer NOT NULL,
	"customer_ids" text[] NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"lease_owner" text,
	"lease_until" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"scored_by" text,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "scoring_job_chunks" ADD CONSTRAINT "scoring_job_chunks_job_id_scoring_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."scoring_jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scoring_job_chunks" ADD CONSTRAINT "scoring_job_chunks_model_run_id_model_runs_id_fk" FOREIGN KEY ("model_run_id") REFERENCES "public"."model_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "scoring_job_chunks_no" ON "scoring_job_chunks" USING btree ("job_id","chunk_no");--> statement-breakpoint
CREATE INDEX "scoring_job_chunks_status" ON "scoring_job_chunks" USING btree ("job_id","status");