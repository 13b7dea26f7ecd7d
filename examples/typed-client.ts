/**
 * A typed integration client: trains a model, scores customers, and follows the retention-plan
 * batch live over graphql-ws. Types come from the published schema via GraphQL Code Generator.
 *
 *   CHURN_URL=http://localhost:3000 CHURN_TOKEN=cgt_… npx tsx examples/typed-client.ts
 *
 * Create the token as an admin: mutation { createApiToken(input: {name: "script", role: ADMIN}) { token } }
 */
import type { ResultOf, TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print } from "graphql";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { graphql } from "../graphql/generated/client";

const TrainDoc = graphql(`
  mutation ExampleTrain {
    trainModel(input: { rounds: 200 }) {
      id
      status
    }
  }
`);

const TrainingDoc = graphql(`
  subscription ExampleTraining($runId: Int!) {
    trainingProgress(runId: $runId) {
      status
      phase
      round
      totalRounds
      run {
        metrics {
          auc
          recall
          f1
        }
      }
      error
    }
  }
`);

const PredictDoc = graphql(`
  mutation ExamplePredict($topK: Int!) {
    predictRisk(input: { topK: $topK }) {
      scoredCount
      highRiskCount
      batch {
        id
        total
      }
    }
  }
`);

const PlansDoc = graphql(`
  subscription ExamplePlans($batchId: Int!) {
    planProgress(batchId: $batchId) {
      kind
      customerId
      plan {
        customerId
        status
        priority
        plan {
          riskSummary
        }
      }
      plans {
        customerId
        status
        priority
        plan {
          riskSummary
        }
      }
      batch {
        status
        done
        failed
        total
      }
    }
  }
`);

const url = process.env.CHURN_URL ?? "http://localhost:3000";
const token = process.env.CHURN_TOKEN;
if (!token) {
  console.error("请设置 CHURN_TOKEN (an API token)");
  process.exit(1);
}

async function request<TData, TVars>(doc: TypedDocumentNode<TData, TVars>, variables: TVars): Promise<TData> {
  const r = await fetch(`${url}/api/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: print(doc), variables }),
  });
  const body = (await r.json()) as { data?: TData; errors?: { message: string }[] };
  if (body.errors?.length || !body.data) throw new Error(body.errors?.map((e) => e.message).join("; ") ?? `HTTP ${r.status}`);
  return body.data;
}

const ws = createClient({ url: url.replace(/^http/, "ws") + "/api/graphql", webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` } });

function follow<TData, TVars>(doc: TypedDocumentNode<TData, TVars>, variables: TVars, onEvent: (d: TData) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    ws.subscribe<TData>(
      { query: print(doc), variables: variables as Record<string, unknown> },
      { next: (v) => (v.data ? onEvent(v.data) : undefined), error: reject, complete: resolve },
    );
  });
}

const { trainModel } = await request(TrainDoc, {});
console.log(`训练任务 ${trainModel.id} 已开始`);
await follow(TrainingDoc, { runId: trainModel.id }, ({ trainingProgress: t }) => {
  process.stdout.write(`\r${t.phase} ${t.round}/${t.totalRounds} ${t.status}   `);
  if (t.run?.metrics) console.log(`\nAUC ${t.run.metrics.auc.toFixed(3)}  召回率 ${t.run.metrics.recall.toFixed(3)}  F1 ${t.run.metrics.f1.toFixed(3)}`);
  if (t.error) console.log(`\n失败: ${t.error}`);
});

const { predictRisk } = await request(PredictDoc, { topK: 20 });
console.log(`已评分 ${predictRisk.scoredCount} 位客户，高风险 ${predictRisk.highRiskCount} 位`);
if (predictRisk.batch) {
  type Plan = NonNullable<ResultOf<typeof PlansDoc>["planProgress"]["plan"]>;
  const printed = new Set<string>();
  const show = (plan: Plan | null | undefined) => {
    if (!plan?.plan || plan.status !== "DONE" || printed.has(plan.customerId)) return;
    printed.add(plan.customerId);
    console.log(`[${plan.priority}] ${plan.customerId}: ${plan.plan.riskSummary.slice(0, 60)}…`);
  };
  await follow(PlansDoc, { batchId: predictRisk.batch.id }, ({ planProgress: p }) => {
    // The first event replays what is already written (a fast batch may be finished by now).
    if (p.kind === "SNAPSHOT") p.plans?.forEach(show);
    if (p.kind === "DONE") show(p.plan);
    if (p.kind === "SNAPSHOT" || p.kind === "BATCH") console.log(`进度 ${p.batch.done + p.batch.failed}/${p.batch.total} (${p.batch.status})`);
  });
}
await ws.dispose();
