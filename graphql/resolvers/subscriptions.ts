import { batchTopic, DATASETS_TOPIC, runTopic, type PlanEvent, type TrainingEvent as BusTrainingEvent } from "../../lib/events";
import { getRunSummary } from "../../lib/ml/model-registry";
import { finishedPlans, getBatchPlan, getPlanBatch, startedPlans } from "../../lib/services/plan-queries";
import { type GraphQLContext, requireRole } from "../context";
import { notFound } from "../errors";
import type { DatasetJob, DatasetJobPhase, DatasetJobStatus, DatasetProgressEvent, PlanEvent as GqlPlanEvent, Resolvers, ResolversTypes, RunStatus } from "../generated/resolvers-types";
import { learningCurveOf, toPlanBatch, toRetentionPlan } from "../mappers";

const TERMINAL_RUN = new Set(["succeeded", "failed", "cancelled"]);
const TERMINAL_BATCH = new Set(["done", "cancelled"]);

/**
 * Replay-then-follow: subscribe to the bus first (so nothing published meanwhile is lost), read
 * the current state from the database and send it, then stream the buffered and live events.
 */
/** A training event as resolved: its run is the stored run summary (ModelRun's mapper). */
type TrainingEvent = ResolversTypes["TrainingEvent"];

async function* trainingStream(ctx: GraphQLContext, runId: number, signal: AbortSignal): AsyncGenerator<{ trainingProgress: TrainingEvent }> {
  const live = ctx.services.events.training.iterate(runTopic(runId), { until: (e) => TERMINAL_RUN.has(e.status), signal });
  try {
    const row = await getRunSummary(ctx.services.db, runId);
    if (!row) throw notFound("modelRun", runId);
    const curve = learningCurveOf(row);
    yield {
      trainingProgress: {
        runId,
        status: row.status.toUpperCase() as RunStatus,
        phase: row.phase,
        round: row.currentRound,
        totalRounds: row.totalRounds,
        latest: curve.length ? curve[curve.length - 1]! : null,
        run: row,
        message: null,
        error: row.error,
      },
    };
    if (TERMINAL_RUN.has(row.status)) return;
    for await (const e of live) {
      yield { trainingProgress: await toTrainingEvent(ctx, e) };
    }
  } finally {
    await live.return?.();
  }
}

async function toTrainingEvent(ctx: GraphQLContext, e: BusTrainingEvent): Promise<TrainingEvent> {
  // The final event carries the finished run (metrics, curves) so clients need no extra query.
  const finished = TERMINAL_RUN.has(e.status) ? await getRunSummary(ctx.services.db, e.runId) : null;
  return {
    runId: e.runId,
    status: e.status.toUpperCase() as RunStatus,
    phase: e.phase,
    round: e.round,
    totalRounds: e.totalRounds,
    latest: e.latest
      ? { round: e.latest.round, trainLogloss: e.latest.trainLogloss, validLogloss: e.latest.validLogloss, trainAuc: e.latest.trainAuc ?? null, validAuc: e.latest.validAuc ?? null }
      : null,
    run: finished,
    message: e.message ?? null,
    error: e.error ?? null,
  };
}

async function* planStream(ctx: GraphQLContext, batchId: number, signal: AbortSignal): AsyncGenerator<{ planProgress: GqlPlanEvent }> {
  const db = ctx.services.db;
  const live = ctx.services.events.plans.iterate(batchTopic(batchId), { signal });
  // Same tick as the listener: the snapshot holds exactly the text published before it, and
  // every later delta is in the queue — no character shown twice or lost.
  const textAtSubscribe = ctx.services.plans.state.liveTexts(batchId);
  try {
    const batch = await getPlanBatch(db, batchId);
    if (!batch) throw notFound("planBatch", batchId);
    const plans = await startedPlans(db, batchId);
    yield {
      planProgress: {
        batchId,
        kind: "SNAPSHOT",
        customerId: null,
        delta: null,
        plan: null,
        batch: toPlanBatch(batch),
        plans: plans.map((p) => toRetentionPlan(p, textAtSubscribe.get(p.customerId))),
      },
    };
    if (TERMINAL_BATCH.has(batch.status)) return;
    const announced = new Set(plans.filter((p) => p.status === "done" || p.status === "failed").map((p) => p.customerId));
    for await (const e of live) {
      // A plan's events queued before the snapshot was read may describe a plan the snapshot
      // already shows finished: a finished plan is announced once and never goes back to running.
      const stale = e.customerId !== undefined && e.kind !== "batch" && announced.has(e.customerId);
      const out = await toPlanEvent(ctx, e);
      if ((e.kind === "done" || e.kind === "failed") && e.customerId) announced.add(e.customerId);
      if (!stale) yield { planProgress: out };
      // Events are processed behind the database: the batch can read as finished while events
      // are still queued. End only once the queue is drained, and announce from the database any
      // finished plan whose own event has not come (a worker may publish its DONE just after
      // another worker closed the batch), so a subscriber always ends with every plan.
      if (TERMINAL_BATCH.has(out.batch.status.toLowerCase()) && live.buffered() === 0) {
        for (const p of await finishedPlans(db, batchId)) {
          if (announced.has(p.customerId)) continue;
          announced.add(p.customerId);
          yield {
            planProgress: {
              batchId,
              kind: p.status === "done" ? "DONE" : "FAILED",
              customerId: p.customerId,
              delta: null,
              plan: toRetentionPlan(p),
              batch: out.batch,
              plans: null,
            },
          };
        }
        return;
      }
    }
  } finally {
    await live.return?.();
  }
}

// Deltas are frequent: they reuse the batch counts read within the last second (ReadCache.planBatch) instead of querying per chunk.
async function batchCounts(ctx: GraphQLContext, batchId: number, fresh: boolean): Promise<GqlPlanEvent["batch"]> {
  const b = await ctx.services.cache.planBatch(batchId, fresh);
  if (!b) throw notFound("planBatch", batchId);
  return toPlanBatch(b);
}

async function toPlanEvent(ctx: GraphQLContext, e: PlanEvent): Promise<GqlPlanEvent> {
  const kind = e.kind.toUpperCase() as GqlPlanEvent["kind"];
  const needsPlan = e.kind === "done" || e.kind === "failed" || e.kind === "started";
  const plan = needsPlan && e.customerId ? await getBatchPlan(ctx.services.db, e.batchId, e.customerId) : null;
  return {
    batchId: e.batchId,
    kind,
    customerId: e.customerId ?? null,
    delta: e.delta ?? null,
    // A (re)start begins a fresh text; its deltas follow, so it carries none of its own.
    plan: plan ? toRetentionPlan(plan, e.kind === "started" ? "" : ctx.services.plans.state.liveText(e.batchId, plan.customerId)) : null,
    batch: await batchCounts(ctx, e.batchId, e.kind !== "delta"),
    plans: null,
  };
}

/**
 * An async generator parked on `await` only sees return() at its next event, so a client that
 * unsubscribes from a quiet topic would keep its bus listener. Aborting the signal ends the bus
 * iterator at once, which lets the generator run its cleanup.
 */
function abortable<T>(make: (signal: AbortSignal) => AsyncGenerator<T>): AsyncGenerator<T> {
  const ac = new AbortController();
  const gen = make(ac.signal);
  const wrapped = {
    [Symbol.asyncIterator]: () => wrapped,
    next: () => gen.next(),
    return: (v?: unknown) => {
      ac.abort();
      return gen.return(v as never);
    },
    throw: (e: unknown) => {
      ac.abort();
      return gen.throw(e);
    },
  };
  return wrapped as unknown as AsyncGenerator<T>;
}

/** Live training and plan progress: replay the current state, then follow the event bus. */
export const subscriptionResolvers: Resolvers = {
  Subscription: {
    trainingProgress: {
      subscribe: (_p, args, ctx) => {
        requireRole(ctx, "VIEWER");
        return abortable((signal) => trainingStream(ctx, args.runId, signal));
      },
    },
    planProgress: {
      subscribe: (_p, args, ctx) => {
        requireRole(ctx, "VIEWER");
        return abortable((signal) => planStream(ctx, args.batchId, signal));
      },
    },
    datasetProgress: {
      subscribe: (_p, _args, ctx) => {
        requireRole(ctx, "VIEWER");
        return abortable((signal) => datasetStream(ctx, signal));
      },
    },
  },
};

/** Live only: a dataset job is short-lived and its result is the dataset itself. */
async function* datasetStream(ctx: GraphQLContext, signal: AbortSignal): AsyncGenerator<{ datasetProgress: DatasetProgressEvent }> {
  const live = ctx.services.events.datasets.iterate(DATASETS_TOPIC, { signal });
  try {
    for await (const e of live) {
      yield {
        datasetProgress: {
          job: e.job.toUpperCase() as DatasetJob,
          phase: e.phase.toUpperCase() as DatasetJobPhase,
          status: e.status.toUpperCase() as DatasetJobStatus,
          done: e.done,
          total: e.total,
          datasetId: e.datasetId ?? null,
          error: e.error ?? null,
        },
      };
    }
  } finally {
    await live.return?.();
  }
}
