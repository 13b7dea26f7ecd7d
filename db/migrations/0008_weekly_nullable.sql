CREATE TABLE "dataset_market_weeks" (
	"dataset_id" integer NOT NULL,
	"week" smallint NOT NULL,
	"market_return" double precision,
	CONSTRAINT "dataset_market_weeks_dataset_id_week_pk" PRIMARY KEY("dataset_id","week")
);
--> statement-breakpoint
ALTER TABLE "weekly_behaviour" ALTER COLUMN "logins" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "weekly_behaviour" ALTER COLUMN "trades" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "weekly_behaviour" ALTER COLUMN "trade_amount" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "weekly_behaviour" ALTER COLUMN "total_assets" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "weekly_behaviour" ALTER COLUMN "net_inflow" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "weekly_behaviour" ALTER COLUMN "service_contacts" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "weekly_behaviour" ALTER COLUMN "complaints" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "weekly_behaviour" ALTER COLUMN "weekly_return" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "dataset_market_weeks" ADD CONSTRAINT "dataset_market_weeks_dataset_id_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."datasets"("id") ON DELETE cascade ON UPDATE no action;