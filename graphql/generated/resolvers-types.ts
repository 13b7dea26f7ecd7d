import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { ModelRunSummary } from '../../lib/ml/model-registry';
import type { ShapSummary as ShapSummaryModel } from '../../lib/services/model-queries';
import type { GraphQLContext } from '../context';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /**
   * 证券客户流失预测与挽留 — GraphQL API.
   * Probabilities are 0..1. SHAP values are in log-odds (margin) space: baseValue + Σ shap = margin,
   * probability = 1 / (1 + e^(−margin)).
   */
  DateTime: { input: Date | string; output: Date | string; }
  JSON: { input: unknown; output: unknown; }
};

export type ApiToken = {
  __typename?: 'ApiToken';
  createdAt: Scalars['DateTime']['output'];
  createdBy: Scalars['String']['output'];
  /** After this the token no longer works. */
  expiresAt: Maybe<Scalars['DateTime']['output']>;
  id: Scalars['Int']['output'];
  lastUsedAt: Maybe<Scalars['DateTime']['output']>;
  name: Scalars['String']['output'];
  /** The account the token acts for: it never has more rights than this account has now, and dies with it. */
  owner: Maybe<Scalars['String']['output']>;
  /** First characters of the token, to recognise it. */
  prefix: Scalars['String']['output'];
  /** The first revocation; revoking again keeps it. */
  revokedAt: Maybe<Scalars['DateTime']['output']>;
  role: Role;
};

export type AppendDatasetWeeksInput = {
  /** The imported timeline dataset to append to (a synthetic one moves on with advanceDataset). */
  datasetId: Scalars['Int']['input'];
  /** Mapping profile for the new files (see ImportPreview.mapping). Absent: suggestions from the headers. */
  mapping?: InputMaybe<Scalars['JSON']['input']>;
  /** The id POST /api/datasets/import/uploads returned. */
  uploadId: Scalars['String']['input'];
};

export type AppendDatasetWeeksResult = {
  __typename?: 'AppendDatasetWeeksResult';
  /** The dataset with its new data date and as-of week. */
  dataset: Dataset;
  mapping: Maybe<Scalars['JSON']['output']>;
  /** Ids of past scoring runs that received their realised outcomes (t + H has passed). */
  outcomesRecorded: Array<Scalars['Int']['output']>;
  /** The scoring job queued for the new as-of week; null without an active model. */
  scoringJobId: Maybe<Scalars['Int']['output']>;
  summary: Maybe<ImportSummary>;
  warnings: Array<ImportWarning>;
  weeksAdded: Scalars['Int']['output'];
};

export type AuditEntry = {
  __typename?: 'AuditEntry';
  action: Scalars['String']['output'];
  actor: Scalars['String']['output'];
  at: Scalars['DateTime']['output'];
  details: Maybe<Scalars['JSON']['output']>;
  id: Scalars['Int']['output'];
  target: Maybe<Scalars['String']['output']>;
};

export type BacktestPoint = {
  __typename?: 'BacktestPoint';
  asOfDate: Maybe<Scalars['String']['output']>;
  asOfWeek: Scalars['Int']['output'];
  auc: Maybe<Scalars['Float']['output']>;
  churned: Scalars['Int']['output'];
  customers: Scalars['Int']['output'];
  k: Scalars['Int']['output'];
  oracleAuc: Maybe<Scalars['Float']['output']>;
  recallAtK: Maybe<Scalars['Float']['output']>;
  role: BacktestRole;
};

export type BacktestRole =
  /** Between the validation and the test date: not trained on. */
  | 'AFTER'
  /** Before the training window: not trained on (out of time, in the past). */
  | 'EARLIER'
  | 'TEST'
  | 'TRAIN'
  | 'VALID';

export type BatchStatus =
  | 'CANCELLED'
  | 'DONE'
  | 'PENDING'
  | 'RUNNING';

export type BeeswarmSeries = {
  __typename?: 'BeeswarmSeries';
  key: Scalars['String']['output'];
  labelEn: Scalars['String']['output'];
  labelZh: Scalars['String']['output'];
  /** Feature values of the same customers, normalised to 0..1 within the feature for colouring. */
  normalizedValue: Array<Scalars['Float']['output']>;
  /** SHAP values (log-odds) of a sample of customers. */
  shap: Array<Scalars['Float']['output']>;
};

export type CalibrationBin = {
  __typename?: 'CalibrationBin';
  count: Scalars['Int']['output'];
  observed: Scalars['Float']['output'];
  predicted: Scalars['Float']['output'];
};

export type Campaign = {
  __typename?: 'Campaign';
  asOfWeek: Scalars['Int']['output'];
  budget: Scalars['Float']['output'];
  /** Selected customers left out because the compliance gate rejected their plan. */
  complianceExcluded: Scalars['Int']['output'];
  controlCount: Scalars['Int']['output'];
  controlShare: Scalars['Float']['output'];
  /** Total offer cost of the treated customers' plans (≤ budget). */
  cost: Scalars['Float']['output'];
  createdAt: Scalars['DateTime']['output'];
  createdBy: Maybe<Scalars['String']['output']>;
  horizonWeeks: Scalars['Int']['output'];
  id: Scalars['Int']['output'];
  name: Scalars['String']['output'];
  /** Null until as-of + H has passed. Shape: lib/campaigns/uplift-stats.ts CampaignOutcome (treated, control, difference {estimate, low, high}, byDecile, cost, assetsSaved, qini, contacted {randomised: false, …}, trueEffect). */
  outcome: Maybe<Scalars['JSON']['output']>;
  outcomesAt: Maybe<Scalars['DateTime']['output']>;
  progress: CampaignProgress;
  scoringRunId: Maybe<Scalars['Int']['output']>;
  seed: Scalars['Int']['output'];
  selection: CampaignSelection;
  treatedCount: Scalars['Int']['output'];
};

export type CampaignAdvisor = {
  __typename?: 'CampaignAdvisor';
  email: Scalars['String']['output'];
  id: Scalars['Int']['output'];
  name: Scalars['String']['output'];
  /** Open assignments (待联系 / 已联系) over all campaigns. */
  open: Scalars['Int']['output'];
  workloadCap: Scalars['Int']['output'];
};

export type CampaignAssignment = {
  __typename?: 'CampaignAssignment';
  advisorId: Maybe<Scalars['Int']['output']>;
  assets: Scalars['Float']['output'];
  campaignId: Scalars['Int']['output'];
  campaignName: Scalars['String']['output'];
  customerId: Scalars['String']['output'];
  customerName: Scalars['String']['output'];
  note: Maybe<Scalars['String']['output']>;
  phone: Scalars['String']['output'];
  planOffer: Maybe<Scalars['String']['output']>;
  planScript: Maybe<Scalars['String']['output']>;
  probability: Scalars['Float']['output'];
  rank: Scalars['Int']['output'];
  status: ContactStatus;
  statusAt: Maybe<Scalars['DateTime']['output']>;
  statusBy: Maybe<Scalars['String']['output']>;
  /** Chinese label of the status (待联系 …). */
  statusLabel: Scalars['String']['output'];
};

export type CampaignContactEvent = {
  __typename?: 'CampaignContactEvent';
  at: Scalars['DateTime']['output'];
  by: Scalars['String']['output'];
  campaignId: Scalars['Int']['output'];
  customerId: Scalars['String']['output'];
  note: Maybe<Scalars['String']['output']>;
  status: ContactStatus;
};

export type CampaignContactInput = {
  campaignId: Scalars['Int']['input'];
  customerId: Scalars['String']['input'];
  note?: InputMaybe<Scalars['String']['input']>;
  status: ContactStatus;
};

export type CampaignProgress = {
  __typename?: 'CampaignProgress';
  accepted: Scalars['Int']['output'];
  assigned: Scalars['Int']['output'];
  contacted: Scalars['Int']['output'];
  control: Scalars['Int']['output'];
  declined: Scalars['Int']['output'];
  pending: Scalars['Int']['output'];
  treated: Scalars['Int']['output'];
  unreachable: Scalars['Int']['output'];
};

export type CampaignSelection =
  | 'EXPECTED_LOSS'
  /** Predicted uplift × assets (two-model XGBoost uplift, once a campaign has outcomes). */
  | 'EXPECTED_SAVED'
  | 'PROBABILITY';

export type CampaignWorkbook = {
  __typename?: 'CampaignWorkbook';
  /** The .xlsx bytes, base64. */
  base64: Scalars['String']['output'];
  filename: Scalars['String']['output'];
};

export type CampaignWorkbookResult = {
  __typename?: 'CampaignWorkbookResult';
  rows: Scalars['Int']['output'];
  updated: Scalars['Int']['output'];
};

export type ChangePasswordInput = {
  currentPassword: Scalars['String']['input'];
  /** 10 to 200 characters. */
  newPassword: Scalars['String']['input'];
};

/** A churn event: when and how the customer left. */
export type ChurnEvent = {
  __typename?: 'ChurnEvent';
  date: Scalars['String']['output'];
  type: ChurnType;
  week: Scalars['Int']['output'];
};

export type ChurnType =
  /** 资产转出: at least 80% of assets moved out within 4 weeks */
  | 'ASSET_OUT'
  /** 销户: account closed */
  | 'CLOSE'
  /** 转户: transferred to another broker */
  | 'TRANSFER';

export type ComplianceIssue = {
  __typename?: 'ComplianceIssue';
  excerpt: Scalars['String']['output'];
  message: Scalars['String']['output'];
  rule: Scalars['String']['output'];
};

export type ComplianceStatus =
  | 'FLAGGED'
  | 'OK'
  | 'REJECTED';

export type ConfusionMatrix = {
  __typename?: 'ConfusionMatrix';
  fn: Scalars['Int']['output'];
  fp: Scalars['Int']['output'];
  tn: Scalars['Int']['output'];
  tp: Scalars['Int']['output'];
};

/** 待联系 PENDING → 已联系 CONTACTED → 接受 ACCEPTED / 拒绝 DECLINED / 无法联系 UNREACHABLE */
export type ContactStatus =
  | 'ACCEPTED'
  | 'CONTACTED'
  | 'DECLINED'
  | 'PENDING'
  | 'UNREACHABLE';

export type CreateApiTokenInput = {
  /** Days until the token expires: 1 to 365. */
  expiresInDays?: InputMaybe<Scalars['Int']['input']>;
  name: Scalars['String']['input'];
  /** At most the role of the admin creating it (the token's owner). */
  role: Role;
};

export type CreateCampaignInput = {
  /** Cap on the treated customers' total offer cost (yuan). */
  budget: Scalars['Float']['input'];
  /** Share drawn into the control group per risk decile; 0.05–0.5. */
  controlShare?: InputMaybe<Scalars['Float']['input']>;
  name: Scalars['String']['input'];
  /** Default: the latest scoring of the active dataset by the active model. */
  scoringRunId?: InputMaybe<Scalars['Int']['input']>;
  seed?: InputMaybe<Scalars['Int']['input']>;
  selection?: InputMaybe<CampaignSelection>;
  /** Most customers (treated + control) taken from the top of the order; 10–10000. */
  size?: InputMaybe<Scalars['Int']['input']>;
};

export type CreateUserInput = {
  email: Scalars['String']['input'];
  password: Scalars['String']['input'];
  role: Role;
};

export type CreatedApiToken = {
  __typename?: 'CreatedApiToken';
  apiToken: ApiToken;
  /** The secret, shown once. Send it as `Authorization: Bearer <token>`. */
  token: Scalars['String']['output'];
};

export type CurvePoint = {
  __typename?: 'CurvePoint';
  threshold: Maybe<Scalars['Float']['output']>;
  x: Scalars['Float']['output'];
  y: Scalars['Float']['output'];
};

export type Customer = {
  __typename?: 'Customer';
  assetsLatest: Scalars['Float']['output'];
  /** The churn event, when there is one: such a customer is never scored or planned for. */
  churnEvent: Maybe<ChurnEvent>;
  /** Snapshot datasets: the recorded label. Timelines: churned by the as-of date. */
  churned: Maybe<Scalars['Boolean']['output']>;
  features: Array<FeatureValue>;
  id: Scalars['String']['output'];
  latestPlan: Maybe<RetentionPlan>;
  /** Date the account was opened (timelines; null when it predates the data). */
  openDate: Maybe<Scalars['String']['output']>;
  profile: CustomerProfile;
  risk: Maybe<Risk>;
  /** Sorted by |shap| descending. */
  shap: Array<ShapContribution>;
  /** Base value of the active model (log-odds); null when no model is active. */
  shapBaseValue: Maybe<Scalars['Float']['output']>;
  /** ACTIVE or CHURNED at the dataset's as-of date. */
  status: CustomerStatus;
  weekly: Array<WeekRecord>;
};

export type CustomerConnection = {
  __typename?: 'CustomerConnection';
  edges: Array<CustomerEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type CustomerEdge = {
  __typename?: 'CustomerEdge';
  cursor: Scalars['String']['output'];
  node: CustomerSummary;
};

export type CustomerFilter = {
  /** 营业部, exact (names from customerBranches). */
  branch?: InputMaybe<Scalars['String']['input']>;
  customerType?: InputMaybe<Scalars['Int']['input']>;
  hasPlan?: InputMaybe<Scalars['Boolean']['input']>;
  /** Total assets at the as-of date (元), exclusive. */
  maxAssets?: InputMaybe<Scalars['Float']['input']>;
  maxProbability?: InputMaybe<Scalars['Float']['input']>;
  /** Total assets at the as-of date (元), inclusive; with maxAssets an asset band. */
  minAssets?: InputMaybe<Scalars['Float']['input']>;
  minProbability?: InputMaybe<Scalars['Float']['input']>;
  /** 开户渠道: 0 线上, 1 营业部. */
  openChannel?: InputMaybe<Scalars['Int']['input']>;
  riskLevel?: InputMaybe<RiskLevel>;
  /** 风险承受能力: 0..4 = C1..C5. */
  riskTolerance?: InputMaybe<Scalars['Int']['input']>;
  /** Substring of the customer id (also of the name with searchNames). */
  search?: InputMaybe<Scalars['String']['input']>;
  /** search also matches a fragment of the customer's name: personal data, ANALYST or ADMIN only (FORBIDDEN for viewers). */
  searchNames?: InputMaybe<Scalars['Boolean']['input']>;
  /** Default ACTIVE: the customers a model scores. */
  status?: InputMaybe<CustomerStatus>;
};

export type CustomerOrder =
  | 'ASSETS_DESC'
  | 'EXPECTED_LOSS_DESC'
  | 'ID_ASC'
  | 'RISK_DESC';

export type CustomerProfile = {
  __typename?: 'CustomerProfile';
  age: Scalars['Int']['output'];
  branch: Scalars['String']['output'];
  commissionRate: Scalars['Float']['output'];
  customerType: Scalars['String']['output'];
  hasAdvisor: Scalars['Boolean']['output'];
  hasMargin: Scalars['Boolean']['output'];
  /** Masked for display (e.g. 张*明, 138****1234). */
  maskedName: Scalars['String']['output'];
  maskedPhone: Scalars['String']['output'];
  openChannel: Scalars['String']['output'];
  riskTolerance: Scalars['String']['output'];
  tenureMonths: Scalars['Int']['output'];
};

export type CustomerSegment = {
  __typename?: 'CustomerSegment';
  churnRate: Maybe<Scalars['Float']['output']>;
  /** Active customers scored at the as-of date. */
  customers: Scalars['Int']['output'];
  dimension: SegmentDimension;
  expectedAssetLoss: Scalars['Float']['output'];
  highRisk: Scalars['Int']['output'];
  /** The filter value: branch name, category code (0..) or asset band index, as text. */
  key: Scalars['String']['output'];
  labelEn: Scalars['String']['output'];
  labelZh: Scalars['String']['output'];
  /** Customers with a known outcome at labelledAsOfWeek; churnRate is the share of them who churned (null: none labelled). */
  labelled: Scalars['Int']['output'];
  maxAssets: Maybe<Scalars['Float']['output']>;
  meanProbability: Maybe<Scalars['Float']['output']>;
  /** Asset bands only (元; null = unbounded): the band is minAssets ≤ assets < maxAssets. */
  minAssets: Maybe<Scalars['Float']['output']>;
  /** Top 3 features by mean |SHAP| (log-odds) over the segment's active customers. */
  topDrivers: Array<SegmentDriver>;
};

export type CustomerStatus =
  | 'ACTIVE'
  | 'ALL'
  | 'CHURNED';

export type CustomerSummary = {
  __typename?: 'CustomerSummary';
  assetsLatest: Scalars['Float']['output'];
  /** 营业部 */
  branch: Scalars['String']['output'];
  churnEvent: Maybe<ChurnEvent>;
  customerType: Scalars['String']['output'];
  expectedAssetLoss: Maybe<Scalars['Float']['output']>;
  hasPlan: Scalars['Boolean']['output'];
  id: Scalars['String']['output'];
  probability: Maybe<Scalars['Float']['output']>;
  riskLevel: Maybe<RiskLevel>;
  riskRank: Maybe<Scalars['Int']['output']>;
  riskTolerance: Scalars['String']['output'];
  status: CustomerStatus;
  topDrivers: Array<ShapContribution>;
};

export type Dataset = {
  __typename?: 'Dataset';
  /** Customers active at the as-of date (opened before it, not churned by it). */
  activeCustomers: Scalars['Int']['output'];
  /** The as-of date predictions are made at: the Monday after the last week of data (YYYY-MM-DD). */
  asOfDate: Maybe<Scalars['String']['output']>;
  churnRate: Scalars['Float']['output'];
  /** Customers who have churned by the as-of date. */
  churnedCustomers: Scalars['Int']['output'];
  createdAt: Scalars['DateTime']['output'];
  customerCount: Scalars['Int']['output'];
  /** Weeks of data (the timeline's history). */
  historyWeeks: Scalars['Int']['output'];
  /** H: a prediction is about a churn event within this many weeks of the as-of date. */
  horizonWeeks: Scalars['Int']['output'];
  id: Scalars['Int']['output'];
  /** TIMELINE: dated weeks, churn events, as-of snapshots. SNAPSHOT: a dataset from before the timeline (one labelled snapshot). */
  kind: DatasetKind;
  /** Weeks of activity the features look back over (the seed's n_weeks). */
  lookbackWeeks: Scalars['Int']['output'];
  name: Scalars['String']['output'];
  /** AUC of the generator's true probabilities at the latest fully labelled as-of date: the best any model can reach there. */
  oracleAuc: Maybe<Scalars['Float']['output']>;
  /** Scorings of this dataset, newest first: which model scored which as-of date. Empty for a dataset nobody has scored yet (a new import is not scored by a model trained on other data). */
  scoredBy: Array<DatasetScoring>;
  seed: Maybe<Scalars['Int']['output']>;
  /** synthetic | import */
  source: Scalars['String']['output'];
  /** Monday of the first week of data (YYYY-MM-DD, Asia/Shanghai); null for snapshot datasets. */
  startDate: Maybe<Scalars['String']['output']>;
  targetChurnRate: Maybe<Scalars['Float']['output']>;
  weeks: Scalars['Int']['output'];
};

export type DatasetJob =
  | 'ADVANCE'
  | 'GENERATE'
  | 'IMPORT';

export type DatasetJobPhase =
  /** Building the timeline. */
  | 'GENERATE'
  /** The active model scores the customers active at the new date. */
  | 'SCORE'
  /** Writing rows to the database. */
  | 'STORE';

export type DatasetJobStatus =
  | 'DONE'
  | 'FAILED'
  | 'RUNNING';

export type DatasetKind =
  | 'SNAPSHOT'
  | 'TIMELINE';

export type DatasetProgressEvent = {
  __typename?: 'DatasetProgressEvent';
  datasetId: Maybe<Scalars['Int']['output']>;
  /** Units done of total within the phase (customers, rows). */
  done: Scalars['Int']['output'];
  error: Maybe<Scalars['String']['output']>;
  job: DatasetJob;
  phase: DatasetJobPhase;
  status: DatasetJobStatus;
  total: Scalars['Int']['output'];
};

export type DatasetScoring = {
  __typename?: 'DatasetScoring';
  /** As-of date scored (YYYY-MM-DD). */
  asOfDate: Maybe<Scalars['String']['output']>;
  modelRunId: Scalars['Int']['output'];
  scoredAt: Scalars['DateTime']['output'];
  scoredCount: Scalars['Int']['output'];
  /** Whether the model was trained on this dataset (false: trained on other data and applied here on purpose). */
  trainedOnThisDataset: Scalars['Boolean']['output'];
};

/** A CBPE estimate with its sampling-error band. */
export type EstimatedMetric = {
  __typename?: 'EstimatedMetric';
  estimate: Scalars['Float']['output'];
  lower: Scalars['Float']['output'];
  standardError: Scalars['Float']['output'];
  upper: Scalars['Float']['output'];
};

export type Feature = {
  __typename?: 'Feature';
  categories: Maybe<Array<Scalars['String']['output']>>;
  description: Scalars['String']['output'];
  group: Scalars['String']['output'];
  index: Scalars['Int']['output'];
  key: Scalars['String']['output'];
  labelEn: Scalars['String']['output'];
  labelZh: Scalars['String']['output'];
  unit: Scalars['String']['output'];
};

export type FeatureChange = {
  key: Scalars['String']['input'];
  value: Scalars['Float']['input'];
};

export type FeatureImportance = {
  __typename?: 'FeatureImportance';
  key: Scalars['String']['output'];
  labelEn: Scalars['String']['output'];
  labelZh: Scalars['String']['output'];
  meanAbsShap: Scalars['Float']['output'];
};

/** One feature's drift in a scoring run. */
export type FeaturePsi = {
  __typename?: 'FeaturePsi';
  key: Scalars['String']['output'];
  missingShare: Scalars['Float']['output'];
  newCategories: Scalars['Int']['output'];
  outOfRangeShare: Scalars['Float']['output'];
  psi: Scalars['Float']['output'];
  status: Scalars['String']['output'];
  zh: Scalars['String']['output'];
};

export type FeatureValue = {
  __typename?: 'FeatureValue';
  /** Human-readable value (category label, percentage, amount). */
  display: Scalars['String']['output'];
  key: Scalars['String']['output'];
  labelEn: Scalars['String']['output'];
  labelZh: Scalars['String']['output'];
  /** Null when the value is missing (a blank cell, or a feature the dataset has no data for): shown as 无数据. */
  value: Maybe<Scalars['Float']['output']>;
};

/** One cut of a gain table: flag every test row with score ≥ threshold. */
export type GainCut = {
  __typename?: 'GainCut';
  flagged: Scalars['Int']['output'];
  threshold: Scalars['Float']['output'];
  truePositives: Scalars['Int']['output'];
};

export type GenerateDatasetInput = {
  /** Target H-week churn rate among active customers at the training as-of dates. */
  churnRate?: InputMaybe<Scalars['Float']['input']>;
  /** Concept drift from driftWeek: churn follows a hidden factor more than disengagement. */
  conceptDrift?: InputMaybe<Scalars['Boolean']['input']>;
  /** Covariate shift from driftWeek in these features: logins_total, trades_total, avg_trade_amount, assets_latest, net_inflow_total, service_contacts_total. */
  driftFeatures?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Injected drift (#14): from this week on (1..260; may lie beyond the history, then it starts when the world advances). */
  driftWeek?: InputMaybe<Scalars['Int']['input']>;
  /** Weeks of history simulated (26..260). */
  historyWeeks?: InputMaybe<Scalars['Int']['input']>;
  /** H: the horizon of the churn label, in weeks (4..26). */
  horizonWeeks?: InputMaybe<Scalars['Int']['input']>;
  /** Customers at the start of the timeline (new ones join along the way). */
  nCustomers?: InputMaybe<Scalars['Int']['input']>;
  /** The lookback window of the features, in weeks (the seed's n_weeks). */
  nWeeks?: InputMaybe<Scalars['Int']['input']>;
  seed?: InputMaybe<Scalars['Int']['input']>;
};

export type Health = {
  __typename?: 'Health';
  database: Scalars['String']['output'];
  message: Scalars['String']['output'];
  planner: Scalars['String']['output'];
  status: Scalars['String']['output'];
  version: Scalars['String']['output'];
};

/** A bad cell: file, 1-based line (header = 1), column header, the cell's text and the rule it broke. */
export type ImportCellError = {
  __typename?: 'ImportCellError';
  column: Scalars['String']['output'];
  file: Scalars['String']['output'];
  line: Scalars['Int']['output'];
  message: Scalars['String']['output'];
  /** file | missing_column | required | date | number | range | category | bool | text | formula | duplicate_id | duplicate_row | unknown_customer | before_open | options | label */
  rule: Scalars['String']['output'];
  value: Scalars['String']['output'];
};

/** One column of an uploaded file and the import field it maps to (null: not recognised, ignored with a warning). */
export type ImportColumn = {
  __typename?: 'ImportColumn';
  field: Maybe<Scalars['String']['output']>;
  header: Scalars['String']['output'];
};

export type ImportDatasetInput = {
  /** The dataset is to be trained on: no churn event at any labelled as-of date is then an error (rule `label`) rather than a warning. */
  forTraining?: InputMaybe<Scalars['Boolean']['input']>;
  /** Mapping profile (see ImportPreview.mapping): { name, customers: { columns: { 表头: field } }, activity, events, values, units, activityPeriod, startDate, endDate, lookbackWeeks, horizonWeeks }. Absent: suggestions from the headers. */
  mapping?: InputMaybe<Scalars['JSON']['input']>;
  name?: InputMaybe<Scalars['String']['input']>;
  /** The id POST /api/datasets/import/uploads returned (kept 1 hour, only for its uploader). */
  uploadId: Scalars['String']['input'];
};

export type ImportFileColumns = {
  __typename?: 'ImportFileColumns';
  columns: Array<ImportColumn>;
  kind: ImportFileKind;
};

export type ImportFileKind =
  | 'ACTIVITY'
  | 'CUSTOMERS'
  | 'EVENTS';

export type ImportPreview = {
  __typename?: 'ImportPreview';
  columns: Array<ImportFileColumns>;
  errorTotal: Scalars['Int']['output'];
  /** The first `maxErrors` bad cells in file order. */
  errors: Array<ImportCellError>;
  /** Counts per rule over every bad cell. */
  errorsByRule: Array<ImportRuleCount>;
  /** The mapping profile used: the one given, or suggestions from the headers. Edit it and pass it back as `mapping`; save it as JSON for the CLI (`import --mapping profile.json`). */
  mapping: Maybe<Scalars['JSON']['output']>;
  /** True when importDataset with the same upload and mapping would write the dataset. */
  ok: Scalars['Boolean']['output'];
  /** Null when the files are rejected. */
  summary: Maybe<ImportSummary>;
  warnings: Array<ImportWarning>;
};

export type ImportResult = {
  __typename?: 'ImportResult';
  /** The new dataset, now active and not scored (scoredBy is empty) until someone scores or trains. */
  dataset: Dataset;
  mapping: Maybe<Scalars['JSON']['output']>;
  summary: Maybe<ImportSummary>;
  warnings: Array<ImportWarning>;
};

export type ImportRuleCount = {
  __typename?: 'ImportRuleCount';
  count: Scalars['Int']['output'];
  rule: Scalars['String']['output'];
  ruleZh: Scalars['String']['output'];
};

export type ImportSummary = {
  __typename?: 'ImportSummary';
  activityRows: Scalars['Int']['output'];
  /** Churn events by type: { transfer, close, asset_out }. */
  churnEvents: Scalars['JSON']['output'];
  /** events (from the events file) | derived (close dates and asset outflows). */
  churnSource: Scalars['String']['output'];
  customers: Scalars['Int']['output'];
  /** Customers left out: churned before the data starts or opened after it ends. */
  customersDropped: Scalars['Int']['output'];
  /** The as-of date of scoring: the Monday after the last complete week. */
  dataDate: Scalars['String']['output'];
  /** Detected text encoding per file kind (utf-8, utf-16le, utf-16be, gb18030). */
  encodings: Scalars['JSON']['output'];
  /** Catalog keys of features with no data at all (missing for every customer, shown as 无数据). */
  missingFeatures: Array<Scalars['String']['output']>;
  /** day | week | month: the period one activity row covers. */
  period: Scalars['String']['output'];
  startDate: Scalars['String']['output'];
  weeks: Scalars['Int']['output'];
};

/** Not an error: unknown columns, features without data (missing for the whole dataset), rows after the data date, derived churn … */
export type ImportWarning = {
  __typename?: 'ImportWarning';
  column: Maybe<Scalars['String']['output']>;
  count: Scalars['Int']['output'];
  file: Scalars['String']['output'];
  message: Scalars['String']['output'];
  rule: Scalars['String']['output'];
};

export type LearningPoint = {
  __typename?: 'LearningPoint';
  round: Scalars['Int']['output'];
  trainAuc: Maybe<Scalars['Float']['output']>;
  trainLogloss: Scalars['Float']['output'];
  validAuc: Maybe<Scalars['Float']['output']>;
  validLogloss: Scalars['Float']['output'];
};

export type Metrics = {
  __typename?: 'Metrics';
  accuracy: Scalars['Float']['output'];
  auc: Scalars['Float']['output'];
  brier: Scalars['Float']['output'];
  calibration: Array<CalibrationBin>;
  confusion: ConfusionMatrix;
  f1: Scalars['Float']['output'];
  logLoss: Scalars['Float']['output'];
  oracleAuc: Maybe<Scalars['Float']['output']>;
  /** auc / oracleAuc */
  oracleRatio: Maybe<Scalars['Float']['output']>;
  pr: Array<CurvePoint>;
  prAuc: Scalars['Float']['output'];
  precision: Scalars['Float']['output'];
  recall: Scalars['Float']['output'];
  roc: Array<CurvePoint>;
  testSize: Scalars['Int']['output'];
  threshold: Scalars['Float']['output'];
  /** Precision/recall/F1 and flagged count on the test set at thresholds 0.05..0.95. */
  thresholdSweep: Array<ThresholdPoint>;
  trainSize: Scalars['Int']['output'];
  validationSize: Scalars['Int']['output'];
};

/** Champion vs challenger on the challenger's out-of-time test set (same rows for both). */
export type ModelComparison = {
  __typename?: 'ModelComparison';
  activate: Maybe<Scalars['Boolean']['output']>;
  /** AUC(challenger) − AUC(champion) and its paired bootstrap 95% interval. */
  aucDiff: Scalars['Float']['output'];
  aucDiffLower: Scalars['Float']['output'];
  aucDiffUpper: Scalars['Float']['output'];
  calibration: Scalars['JSON']['output'];
  challengerAuc: Scalars['Float']['output'];
  challengerBrier: Scalars['Float']['output'];
  challengerId: Scalars['Int']['output'];
  championAuc: Scalars['Float']['output'];
  championBrier: Scalars['Float']['output'];
  championId: Scalars['Int']['output'];
  /** [{ key, zh, champion, challenger, change }] mean |SHAP| on the test rows, largest change first. */
  importance: Scalars['JSON']['output'];
  positives: Scalars['Int']['output'];
  pr: Scalars['JSON']['output'];
  reason: Maybe<Scalars['String']['output']>;
  /** { champion: [{x, y}], challenger: [{x, y}] } */
  roc: Scalars['JSON']['output'];
  rows: Scalars['Int']['output'];
  testAsOfWeek: Maybe<Scalars['Int']['output']>;
  topK: Scalars['Int']['output'];
  topKOverlap: Scalars['Int']['output'];
};

export type ModelParams = {
  __typename?: 'ModelParams';
  colsampleBytree: Scalars['Float']['output'];
  earlyStoppingRounds: Scalars['Int']['output'];
  eta: Scalars['Float']['output'];
  lambda: Scalars['Float']['output'];
  maxDepth: Scalars['Int']['output'];
  minChildWeight: Scalars['Float']['output'];
  rounds: Scalars['Int']['output'];
  scalePosWeight: Scalars['Float']['output'];
  seed: Scalars['Int']['output'];
  subsample: Scalars['Float']['output'];
  treeMethod: Scalars['String']['output'];
};

export type ModelRun = {
  __typename?: 'ModelRun';
  /** AUC and recall@K of the final model at every labelled as-of date. */
  backtest: Array<BacktestPoint>;
  bestIteration: Maybe<Scalars['Int']['output']>;
  createdAt: Scalars['DateTime']['output'];
  currentRound: Scalars['Int']['output'];
  datasetId: Maybe<Scalars['Int']['output']>;
  durationMs: Maybe<Scalars['Int']['output']>;
  error: Maybe<Scalars['String']['output']>;
  finishedAt: Maybe<Scalars['DateTime']['output']>;
  horizonWeeks: Maybe<Scalars['Int']['output']>;
  id: Scalars['Int']['output'];
  isActive: Scalars['Boolean']['output'];
  learningCurve: Array<LearningPoint>;
  metrics: Maybe<Metrics>;
  params: Maybe<ModelParams>;
  phase: Scalars['String']['output'];
  source: Scalars['String']['output'];
  /** Out-of-time split (timeline datasets): as-of dates of train, validation and test rows. */
  split: Maybe<OutOfTimeSplit>;
  status: RunStatus;
  timings: Maybe<Timings>;
  totalRounds: Scalars['Int']['output'];
};

/** An alert raised by a scoring run (drift, estimated or realised AUC below test AUC − margin, data quality). */
export type MonitorAlert = {
  __typename?: 'MonitorAlert';
  asOfDate: Maybe<Scalars['String']['output']>;
  asOfWeek: Scalars['Int']['output'];
  createdAt: Scalars['DateTime']['output'];
  features: Array<MovedFeature>;
  id: Scalars['Int']['output'];
  /** estimated_auc_drop | realised_auc_drop | feature_drift | score_drift | data_quality */
  kind: Scalars['String']['output'];
  limit: Scalars['Float']['output'];
  message: Scalars['String']['output'];
  modelRunId: Scalars['Int']['output'];
  scoringRunId: Scalars['Int']['output'];
  /** warning | critical */
  severity: Scalars['String']['output'];
  suggestion: Scalars['String']['output'];
  value: Scalars['Float']['output'];
};

/** A feature named in an alert: its PSI and drift status. */
export type MovedFeature = {
  __typename?: 'MovedFeature';
  key: Scalars['String']['output'];
  psi: Scalars['Float']['output'];
  status: Scalars['String']['output'];
  zh: Scalars['String']['output'];
};

export type Mutation = {
  __typename?: 'Mutation';
  activateModel: ModelRun;
  /** Admin: moves a synthetic timeline forward by 1..52 weeks (the simulated world goes on); past scorings whose horizon has passed receive their outcomes, and the active model scores the new as-of date. */
  advanceDataset: Dataset;
  /** ADMIN. Appends new weeks (one transaction); bad cells are refused as in importDataset (rules append_overlap, append_gap, unknown_customer …) and nothing is written. */
  appendDatasetWeeks: AppendDatasetWeeksResult;
  /** Assigns unassigned treated customers to advisors with free capacity; returns how many. */
  assignCampaignAdvisors: Scalars['Int']['output'];
  cancelPlanBatch: PlanBatch;
  /** The signed-in user (browser session, not an API token) replaces their password; their other sessions end. */
  changePassword: Viewer;
  createApiToken: CreatedApiToken;
  createCampaign: Campaign;
  createUser: User;
  generateDataset: Dataset;
  /** Analyst: writes the churn report with the LLM's narrative (one LLM call, counted against the caller's budget) and keeps it for the current dataset, model and plan batch; the report query then returns it. */
  generateReport: Report;
  /** Uploads the filled-in workbook: every bad cell is listed (extensions.details: sheet, row, column, value, rule) and nothing is written. */
  importCampaignWorkbook: CampaignWorkbookResult;
  /** Imports an upload through a mapping profile; nothing is written when any cell is bad (BAD_USER_INPUT with the first problems; previewImport lists them all by rule) (admin). */
  importDataset: ImportResult;
  predictRisk: PredictRiskResult;
  regeneratePlan: RetentionPlan;
  /** Gives an account the advisor scope with a workload cap (admin). */
  registerCampaignAdvisor: CampaignAdvisor;
  revokeApiToken: ApiToken;
  /** Queues a scoring of the active dataset now (admin). */
  scoreNow: ScoreNowResult;
  trainModel: ModelRun;
  updateCampaignContact: CampaignContactEvent;
  /** Admin: change another account's role, disable or re-enable it, or reset its password (the user must change it at next sign-in). Disabling or resetting ends the account's sessions; a new role applies from the next request; the last enabled admin cannot be disabled or demoted. */
  updateUser: User;
};


export type MutationActivateModelArgs = {
  id: Scalars['Int']['input'];
};


export type MutationAdvanceDatasetArgs = {
  weeks: Scalars['Int']['input'];
};


export type MutationAppendDatasetWeeksArgs = {
  input: AppendDatasetWeeksInput;
};


export type MutationAssignCampaignAdvisorsArgs = {
  campaignId: Scalars['Int']['input'];
};


export type MutationCancelPlanBatchArgs = {
  id: Scalars['Int']['input'];
};


export type MutationChangePasswordArgs = {
  input: ChangePasswordInput;
};


export type MutationCreateApiTokenArgs = {
  input: CreateApiTokenInput;
};


export type MutationCreateCampaignArgs = {
  input: CreateCampaignInput;
};


export type MutationCreateUserArgs = {
  input: CreateUserInput;
};


export type MutationGenerateDatasetArgs = {
  input?: InputMaybe<GenerateDatasetInput>;
};


export type MutationImportCampaignWorkbookArgs = {
  base64: Scalars['String']['input'];
  campaignId: Scalars['Int']['input'];
};


export type MutationImportDatasetArgs = {
  input: ImportDatasetInput;
};


export type MutationPredictRiskArgs = {
  input: PredictRiskInput;
};


export type MutationRegeneratePlanArgs = {
  customerId: Scalars['String']['input'];
};


export type MutationRegisterCampaignAdvisorArgs = {
  email: Scalars['String']['input'];
  name: Scalars['String']['input'];
  workloadCap: Scalars['Int']['input'];
};


export type MutationRevokeApiTokenArgs = {
  id: Scalars['Int']['input'];
};


export type MutationTrainModelArgs = {
  input?: InputMaybe<TrainModelInput>;
};


export type MutationUpdateCampaignContactArgs = {
  input: CampaignContactInput;
};


export type MutationUpdateUserArgs = {
  id: Scalars['Int']['input'];
  input: UpdateUserInput;
};

export type OutOfTimeSplit = {
  __typename?: 'OutOfTimeSplit';
  horizonWeeks: Scalars['Int']['output'];
  testWeek: Scalars['Int']['output'];
  trainWeeks: Array<Scalars['Int']['output']>;
  validWeek: Scalars['Int']['output'];
};

/**
 * One feature's beeswarm samples, packed. shapInt16: base64 of little-endian Int16, SHAP (log-odds)
 * = int × shapStep. normalizedValueUint8: base64 of bytes, normalised feature value = byte / 254,
 * 255 = missing. Same customers in the same order in both.
 */
export type PackedBeeswarmSeries = {
  __typename?: 'PackedBeeswarmSeries';
  key: Scalars['String']['output'];
  labelEn: Scalars['String']['output'];
  labelZh: Scalars['String']['output'];
  normalizedValueUint8: Scalars['String']['output'];
  shapInt16: Scalars['String']['output'];
  shapStep: Scalars['Float']['output'];
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

/** How the churn probability moves as one feature sweeps its range, everything else held. */
export type PartialDependence = {
  __typename?: 'PartialDependence';
  /** Feature values swept: quantiles of the sampled customers' values, distinct, ascending. */
  grid: Array<Scalars['Float']['output']>;
  /** ICE lines: one customer's churn probability at each grid value. */
  ice: Array<Array<Scalars['Float']['output']>>;
  key: Scalars['String']['output'];
  labelEn: Scalars['String']['output'];
  labelZh: Scalars['String']['output'];
  /** Mean churn probability of the sampled customers at each grid value (the PD curve). */
  pd: Array<Scalars['Float']['output']>;
  /** Customers the PD curve averages over. */
  sampleSize: Scalars['Int']['output'];
};

export type PlanAction = {
  __typename?: 'PlanAction';
  action: Scalars['String']['output'];
  channel: Scalars['String']['output'];
  timing: Scalars['String']['output'];
};

export type PlanBatch = {
  __typename?: 'PlanBatch';
  cancelled: Scalars['Int']['output'];
  createdAt: Scalars['DateTime']['output'];
  done: Scalars['Int']['output'];
  failed: Scalars['Int']['output'];
  finishedAt: Maybe<Scalars['DateTime']['output']>;
  id: Scalars['Int']['output'];
  llmModel: Maybe<Scalars['String']['output']>;
  modelRunId: Scalars['Int']['output'];
  pending: Scalars['Int']['output'];
  planner: PlanSource;
  promptVersion: Scalars['String']['output'];
  running: Scalars['Int']['output'];
  status: BatchStatus;
  total: Scalars['Int']['output'];
};

export type PlanContent = {
  __typename?: 'PlanContent';
  actions: Array<PlanAction>;
  expectedEffect: Scalars['String']['output'];
  followUp: Scalars['String']['output'];
  offer: Scalars['String']['output'];
  offerStrength: Scalars['String']['output'];
  priority: PlanPriority;
  riskSummary: Scalars['String']['output'];
  script: Scalars['String']['output'];
};

export type PlanEvent = {
  __typename?: 'PlanEvent';
  batch: PlanBatch;
  batchId: Scalars['Int']['output'];
  customerId: Maybe<Scalars['String']['output']>;
  /** Text appended since the last DELTA for this customer. */
  delta: Maybe<Scalars['String']['output']>;
  kind: PlanEventKind;
  plan: Maybe<RetentionPlan>;
  /** Plans already running or done at subscribe time (only on SNAPSHOT). */
  plans: Maybe<Array<RetentionPlan>>;
};

export type PlanEventKind =
  | 'BATCH'
  | 'DELTA'
  | 'DONE'
  | 'FAILED'
  | 'SNAPSHOT'
  | 'STARTED';

export type PlanPriority =
  | 'HIGH'
  | 'LOW'
  | 'MEDIUM';

export type PlanSource =
  | 'LLM'
  | 'TEMPLATE';

export type PlanStatus =
  | 'CANCELLED'
  | 'DONE'
  | 'FAILED'
  | 'PENDING'
  | 'RUNNING';

export type PredictRiskInput = {
  /** Start a plan batch for the high-risk list (default true). */
  generatePlans?: InputMaybe<Scalars['Boolean']['input']>;
  /** Everyone at or above this probability (0..1). */
  threshold?: InputMaybe<Scalars['Float']['input']>;
  /** Top K customers by probability (1..10000). */
  topK?: InputMaybe<Scalars['Int']['input']>;
};

export type PredictRiskResult = {
  __typename?: 'PredictRiskResult';
  batch: Maybe<PlanBatch>;
  highRisk: Array<CustomerSummary>;
  highRiskCount: Scalars['Int']['output'];
  scoredCount: Scalars['Int']['output'];
};

export type Query = {
  __typename?: 'Query';
  activeModel: Maybe<ModelRun>;
  /** Alerts of the active dataset, newest first. */
  alerts: Array<MonitorAlert>;
  /** Admin only. */
  apiTokens: Array<ApiToken>;
  /** Admin only: most recent first. */
  auditLog: Array<AuditEntry>;
  campaign: Maybe<Campaign>;
  campaignAdvisors: Array<CampaignAdvisor>;
  /** Treated customers of a campaign with their contact status; an advisor-scoped account gets only its own. Control customers are never listed. */
  campaignAssignments: Array<CampaignAssignment>;
  /** A campaign's workbook with a 联系状态 column (an advisor: only their own customers). */
  campaignWorkbook: CampaignWorkbook;
  /** Campaigns, newest first (analyst). */
  campaigns: Array<Campaign>;
  compareModels: Maybe<ModelComparison>;
  customer: Maybe<Customer>;
  /** The branches (营业部) of the active dataset's customers, sorted. */
  customerBranches: Array<Scalars['String']['output']>;
  /** Churn and risk by segment for the active dataset and model; null without an active dataset. */
  customerSegments: Maybe<SegmentSummary>;
  customers: CustomerConnection;
  dataset: Maybe<Dataset>;
  features: Array<Feature>;
  health: Health;
  modelRun: Maybe<ModelRun>;
  modelRuns: Array<ModelRun>;
  /** The signed-in advisor's own customers over all campaigns (empty for an account without the advisor scope). */
  myCampaignCustomers: Array<CampaignAssignment>;
  /** PD curve and ICE lines of `feature` for the active model (null without one). gridPoints 2..50, sampleSize 10..1000, iceLines 0..200. */
  partialDependence: Maybe<PartialDependence>;
  planBatch: Maybe<PlanBatch>;
  planBatches: Array<PlanBatch>;
  /** Checks an upload against a mapping without writing anything (admin). */
  previewImport: ImportPreview;
  report: Maybe<Report>;
  retentionPlans: RetentionPlanConnection;
  riskCounts: Maybe<RiskCounts>;
  /** Two succeeded runs compared; bins: cuts of each gain table (1..1000). */
  runComparison: RunComparison;
  /** A succeeded run on its out-of-time test set; bins: cuts of the gain table (1..1000). */
  runEvaluation: RunEvaluation;
  /** Scoring jobs of the active dataset, newest first. */
  scoringJobs: Array<ScoringJob>;
  /** Scoring runs of the active dataset with drift and estimated/realised AUC, oldest as-of first. */
  scoringMonitors: Array<ScoringMonitor>;
  scoringRun: Maybe<ScoringRun>;
  /** Past and present scorings of the active dataset, newest first, with realised outcomes where known. */
  scoringRuns: Array<ScoringRun>;
  shapDependence: Maybe<ShapDependence>;
  shapSummary: Maybe<ShapSummary>;
  /** Admin only. */
  users: Array<User>;
  viewer: Maybe<Viewer>;
  whatIf: WhatIfResult;
};


export type QueryAlertsArgs = {
  limit?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryAuditLogArgs = {
  limit?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryCampaignArgs = {
  id: Scalars['Int']['input'];
};


export type QueryCampaignAssignmentsArgs = {
  campaignId: Scalars['Int']['input'];
  limit?: InputMaybe<Scalars['Int']['input']>;
  offset?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryCampaignWorkbookArgs = {
  campaignId: Scalars['Int']['input'];
};


export type QueryCampaignsArgs = {
  limit?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryCompareModelsArgs = {
  challenger: Scalars['Int']['input'];
  champion: Scalars['Int']['input'];
};


export type QueryCustomerArgs = {
  id: Scalars['String']['input'];
};


export type QueryCustomersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<CustomerFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<CustomerOrder>;
};


export type QueryModelRunArgs = {
  id: Scalars['Int']['input'];
};


export type QueryModelRunsArgs = {
  limit?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryPartialDependenceArgs = {
  feature: Scalars['String']['input'];
  gridPoints?: InputMaybe<Scalars['Int']['input']>;
  iceLines?: InputMaybe<Scalars['Int']['input']>;
  sampleSize?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryPlanBatchArgs = {
  id: Scalars['Int']['input'];
};


export type QueryPlanBatchesArgs = {
  limit?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryPreviewImportArgs = {
  input: ImportDatasetInput;
  maxErrors?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryRetentionPlansArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  batchId?: InputMaybe<Scalars['Int']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  priority?: InputMaybe<PlanPriority>;
  status?: InputMaybe<PlanStatus>;
};


export type QueryRunComparisonArgs = {
  bins?: InputMaybe<Scalars['Int']['input']>;
  runA: Scalars['Int']['input'];
  runB: Scalars['Int']['input'];
};


export type QueryRunEvaluationArgs = {
  bins?: InputMaybe<Scalars['Int']['input']>;
  runId: Scalars['Int']['input'];
};


export type QueryScoringJobsArgs = {
  limit?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryScoringMonitorsArgs = {
  limit?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryScoringRunArgs = {
  id: Scalars['Int']['input'];
};


export type QueryScoringRunsArgs = {
  limit?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryShapDependenceArgs = {
  feature: Scalars['String']['input'];
  sampleSize?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryShapSummaryArgs = {
  sampleSize?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryWhatIfArgs = {
  changes: Array<FeatureChange>;
  customerId: Scalars['String']['input'];
};

export type RealisedQuality = {
  __typename?: 'RealisedQuality';
  auc: Maybe<Scalars['Float']['output']>;
  calibration: Array<CalibrationBin>;
  churnRate: Scalars['Float']['output'];
  churned: Scalars['Int']['output'];
  customers: Scalars['Int']['output'];
  k: Scalars['Int']['output'];
  oracleAuc: Maybe<Scalars['Float']['output']>;
  precisionAtK: Maybe<Scalars['Float']['output']>;
  recallAtK: Maybe<Scalars['Float']['output']>;
};

export type Report = {
  __typename?: 'Report';
  generatedAt: Scalars['DateTime']['output'];
  html: Scalars['String']['output'];
  markdown: Scalars['String']['output'];
  source: PlanSource;
};

export type RetentionPlan = {
  __typename?: 'RetentionPlan';
  attempts: Scalars['Int']['output'];
  batchId: Scalars['Int']['output'];
  complianceIssues: Array<ComplianceIssue>;
  complianceStatus: Maybe<ComplianceStatus>;
  customerId: Scalars['String']['output'];
  error: Maybe<Scalars['String']['output']>;
  finishedAt: Maybe<Scalars['DateTime']['output']>;
  id: Scalars['Int']['output'];
  llmModel: Maybe<Scalars['String']['output']>;
  plan: Maybe<PlanContent>;
  priority: Maybe<PlanPriority>;
  probability: Scalars['Float']['output'];
  promptVersion: Maybe<Scalars['String']['output']>;
  /** Text as the LLM wrote it (live while RUNNING). */
  rawText: Maybe<Scalars['String']['output']>;
  riskLevel: RiskLevel;
  source: Maybe<PlanSource>;
  startedAt: Maybe<Scalars['DateTime']['output']>;
  status: PlanStatus;
};

export type RetentionPlanConnection = {
  __typename?: 'RetentionPlanConnection';
  edges: Array<RetentionPlanEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type RetentionPlanEdge = {
  __typename?: 'RetentionPlanEdge';
  cursor: Scalars['String']['output'];
  node: RetentionPlan;
};

export type Risk = {
  __typename?: 'Risk';
  expectedAssetLoss: Scalars['Float']['output'];
  level: RiskLevel;
  lossRank: Scalars['Int']['output'];
  margin: Scalars['Float']['output'];
  modelRunId: Scalars['Int']['output'];
  probability: Scalars['Float']['output'];
  rank: Scalars['Int']['output'];
};

export type RiskCounts = {
  __typename?: 'RiskCounts';
  expectedAssetLoss: Scalars['Float']['output'];
  high: Scalars['Int']['output'];
  /** Histogram of probabilities, 20 bins over 0..1. */
  histogram: Array<Scalars['Int']['output']>;
  low: Scalars['Int']['output'];
  medium: Scalars['Int']['output'];
  thresholds: RiskThresholds;
};

export type RiskLevel =
  | 'HIGH'
  | 'LOW'
  | 'MEDIUM';

export type RiskThresholds = {
  __typename?: 'RiskThresholds';
  high: Scalars['Float']['output'];
  medium: Scalars['Float']['output'];
};

export type Role =
  | 'ADMIN'
  | 'ANALYST'
  | 'VIEWER';

/** Two runs side by side; on the same rows when they share a dataset (the later of their test as-of weeks). */
export type RunComparison = {
  __typename?: 'RunComparison';
  a: RunEvaluation;
  /** AUC(b) − AUC(a) with a paired bootstrap 95% interval (shared rows only). */
  aucDiff: Maybe<Scalars['Float']['output']>;
  aucDiffLower: Maybe<Scalars['Float']['output']>;
  aucDiffUpper: Maybe<Scalars['Float']['output']>;
  b: RunEvaluation;
  sameRows: Scalars['Boolean']['output'];
};

/** A run on an out-of-time test set: metrics, curves (bounded in size) and a binned gain table for lift, gain and the expected-value threshold. */
export type RunEvaluation = {
  __typename?: 'RunEvaluation';
  /** null when the test set has one class only. */
  auc: Maybe<Scalars['Float']['output']>;
  averagePrecision: Scalars['Float']['output'];
  brier: Scalars['Float']['output'];
  calibration: Array<CalibrationBin>;
  datasetId: Scalars['Int']['output'];
  defaultContactCost: Scalars['Float']['output'];
  /** Default value of a retained customer (元): meanChurnerAssets × 0.8% a year, 3000 without assets. */
  defaultRetainedValue: Scalars['Float']['output'];
  defaultSuccessRate: Scalars['Float']['output'];
  /** Cuts ascending in flagged rows; the last flags every row. */
  gain: Array<GainCut>;
  /** K of precision@K and recall@K: 10% of the test rows. */
  k: Scalars['Int']['output'];
  logLoss: Scalars['Float']['output'];
  /** Mean 最新总资产 of the test set's churners (元). */
  meanChurnerAssets: Maybe<Scalars['Float']['output']>;
  positives: Scalars['Int']['output'];
  pr: Array<CurvePoint>;
  precisionAtK: Scalars['Float']['output'];
  recallAtK: Maybe<Scalars['Float']['output']>;
  roc: Array<CurvePoint>;
  rows: Scalars['Int']['output'];
  runId: Scalars['Int']['output'];
  testAsOfDate: Maybe<Scalars['String']['output']>;
  testAsOfWeek: Scalars['Int']['output'];
};

export type RunStatus =
  | 'CANCELLED'
  | 'FAILED'
  | 'RUNNING'
  | 'SUCCEEDED';

export type ScoreNowResult = {
  __typename?: 'ScoreNowResult';
  /** false: a job of the active dataset was already queued or running and is returned instead. */
  created: Scalars['Boolean']['output'];
  job: ScoringJob;
};

/** A scoring of a dataset's active customers as of its latest date by the active model, queued by new weeks (advance), the schedule (SCORING_SCHEDULE) or an admin; one runs at a time. */
export type ScoringJob = {
  __typename?: 'ScoringJob';
  /** Times a runner claimed it (more than 1: taken over after a runner stopped). */
  attempts: Scalars['Int']['output'];
  createdAt: Scalars['DateTime']['output'];
  datasetId: Scalars['Int']['output'];
  error: Maybe<Scalars['String']['output']>;
  finishedAt: Maybe<Scalars['DateTime']['output']>;
  id: Scalars['Int']['output'];
  /** Customers scored so far (of total). */
  progress: Scalars['Int']['output'];
  /** advance | import | schedule | manual */
  reason: Scalars['String']['output'];
  /** The scoring run it produced (done jobs). */
  scoringRunId: Maybe<Scalars['Int']['output']>;
  /** queued | running | done | failed */
  status: Scalars['String']['output'];
  total: Scalars['Int']['output'];
};

/** Drift and performance of one scoring run: estimated (CBPE) at scoring, realised once t + H has passed. */
export type ScoringMonitor = {
  __typename?: 'ScoringMonitor';
  alertCount: Scalars['Int']['output'];
  asOfDate: Maybe<Scalars['String']['output']>;
  asOfWeek: Scalars['Int']['output'];
  driftedFeatures: Array<Scalars['String']['output']>;
  driftedShare: Maybe<Scalars['Float']['output']>;
  estimatedAuc: Maybe<EstimatedMetric>;
  estimatedPrecision: Maybe<EstimatedMetric>;
  estimatedRecall: Maybe<EstimatedMetric>;
  features: Array<FeaturePsi>;
  modelRunId: Scalars['Int']['output'];
  realisedAuc: Maybe<Scalars['Float']['output']>;
  scorePsi: Maybe<Scalars['Float']['output']>;
  scoredCount: Scalars['Int']['output'];
  scoringRunId: Scalars['Int']['output'];
  testAuc: Maybe<Scalars['Float']['output']>;
};

/** What a scoring predicted, and once as-of + H has passed, what happened. */
export type ScoringRun = {
  __typename?: 'ScoringRun';
  asOfDate: Maybe<Scalars['String']['output']>;
  asOfWeek: Scalars['Int']['output'];
  createdAt: Scalars['DateTime']['output'];
  datasetId: Scalars['Int']['output'];
  expectedChurners: Scalars['Float']['output'];
  highRisk: Scalars['Int']['output'];
  horizonWeeks: Scalars['Int']['output'];
  id: Scalars['Int']['output'];
  meanProbability: Scalars['Float']['output'];
  modelRunId: Scalars['Int']['output'];
  /** The date the outcomes are complete (as-of + H weeks). */
  outcomeDate: Maybe<Scalars['String']['output']>;
  outcomesAt: Maybe<Scalars['DateTime']['output']>;
  realised: Maybe<RealisedQuality>;
  scoredCount: Scalars['Int']['output'];
};

export type SegmentDimension =
  | 'ASSET_BAND'
  | 'BRANCH'
  | 'CHANNEL'
  | 'CUSTOMER_TYPE'
  | 'RISK_TOLERANCE';

export type SegmentDriver = {
  __typename?: 'SegmentDriver';
  key: Scalars['String']['output'];
  labelEn: Scalars['String']['output'];
  labelZh: Scalars['String']['output'];
  meanAbsShap: Scalars['Float']['output'];
};

export type SegmentOverall = {
  __typename?: 'SegmentOverall';
  churnRate: Maybe<Scalars['Float']['output']>;
  customers: Scalars['Int']['output'];
  expectedAssetLoss: Scalars['Float']['output'];
  highRisk: Scalars['Int']['output'];
  labelled: Scalars['Int']['output'];
  meanProbability: Maybe<Scalars['Float']['output']>;
  topDrivers: Array<SegmentDriver>;
};

export type SegmentSummary = {
  __typename?: 'SegmentSummary';
  asOfDate: Maybe<Scalars['String']['output']>;
  asOfWeek: Scalars['Int']['output'];
  /** Asset band edges in 万元 (fixed bands: <10万, 10–50万, 50–100万, 100–500万, ≥500万). */
  assetBandEdgesWan: Array<Scalars['Float']['output']>;
  horizonWeeks: Scalars['Int']['output'];
  labelledAsOfDate: Maybe<Scalars['String']['output']>;
  /** The as-of week the churn rates are realised at (H-week churn among customers active then); null when no labels exist. */
  labelledAsOfWeek: Maybe<Scalars['Int']['output']>;
  overall: SegmentOverall;
  segments: Array<CustomerSegment>;
};

export type ShapContribution = {
  __typename?: 'ShapContribution';
  display: Scalars['String']['output'];
  key: Scalars['String']['output'];
  labelEn: Scalars['String']['output'];
  labelZh: Scalars['String']['output'];
  /** Contribution in log-odds. */
  shap: Scalars['Float']['output'];
  /** Null when the value is missing; the contribution then follows the tree's default direction for missing values. */
  value: Maybe<Scalars['Float']['output']>;
};

export type ShapDependence = {
  __typename?: 'ShapDependence';
  interactionKey: Scalars['String']['output'];
  interactionLabelZh: Scalars['String']['output'];
  interactionValues: Array<Scalars['Float']['output']>;
  key: Scalars['String']['output'];
  labelZh: Scalars['String']['output'];
  shap: Array<Scalars['Float']['output']>;
  values: Array<Scalars['Float']['output']>;
};

export type ShapSummary = {
  __typename?: 'ShapSummary';
  baseValue: Scalars['Float']['output'];
  /** @deprecated Use beeswarmPacked: the same samples in about a ninth of the bytes. */
  beeswarm: Array<BeeswarmSeries>;
  /** The beeswarm samples (same as `beeswarm`), packed: about a ninth of the bytes. */
  beeswarmPacked: Array<PackedBeeswarmSeries>;
  importance: Array<FeatureImportance>;
  modelRunId: Scalars['Int']['output'];
  sampleSize: Scalars['Int']['output'];
};

export type Subscription = {
  __typename?: 'Subscription';
  /** Alerts as they are raised. */
  alertRaised: MonitorAlert;
  /** Contact-status changes of a campaign, live. */
  campaignContacts: CampaignContactEvent;
  /** Progress of dataset jobs (generate, advance, import) on this server, live: subscribe, then start the job. */
  datasetProgress: DatasetProgressEvent;
  planProgress: PlanEvent;
  /** Scoring jobs as they change: the current jobs first, then every change with progress. */
  scoringJobChanged: ScoringJob;
  trainingProgress: TrainingEvent;
};


export type SubscriptionCampaignContactsArgs = {
  campaignId: Scalars['Int']['input'];
};


export type SubscriptionPlanProgressArgs = {
  batchId: Scalars['Int']['input'];
};


export type SubscriptionTrainingProgressArgs = {
  runId: Scalars['Int']['input'];
};

export type ThresholdPoint = {
  __typename?: 'ThresholdPoint';
  f1: Scalars['Float']['output'];
  flagged: Scalars['Int']['output'];
  precision: Scalars['Float']['output'];
  recall: Scalars['Float']['output'];
  threshold: Scalars['Float']['output'];
};

export type Timings = {
  __typename?: 'Timings';
  evaluateMs: Maybe<Scalars['Int']['output']>;
  shapMs: Maybe<Scalars['Int']['output']>;
  storeMs: Maybe<Scalars['Int']['output']>;
  totalMs: Maybe<Scalars['Int']['output']>;
  trainMs: Maybe<Scalars['Int']['output']>;
};

export type TrainModelInput = {
  colsampleBytree?: InputMaybe<Scalars['Float']['input']>;
  earlyStoppingRounds?: InputMaybe<Scalars['Int']['input']>;
  eta?: InputMaybe<Scalars['Float']['input']>;
  lambda?: InputMaybe<Scalars['Float']['input']>;
  maxDepth?: InputMaybe<Scalars['Int']['input']>;
  minChildWeight?: InputMaybe<Scalars['Float']['input']>;
  /** When any of these is given, the dataset is regenerated first. */
  nCustomers?: InputMaybe<Scalars['Int']['input']>;
  nWeeks?: InputMaybe<Scalars['Int']['input']>;
  rounds?: InputMaybe<Scalars['Int']['input']>;
  seed?: InputMaybe<Scalars['Int']['input']>;
  subsample?: InputMaybe<Scalars['Float']['input']>;
  trainSeed?: InputMaybe<Scalars['Int']['input']>;
  treeMethod?: InputMaybe<Scalars['String']['input']>;
};

export type TrainingEvent = {
  __typename?: 'TrainingEvent';
  error: Maybe<Scalars['String']['output']>;
  /** Latest learning-curve point (null before the first chunk). */
  latest: Maybe<LearningPoint>;
  message: Maybe<Scalars['String']['output']>;
  phase: Scalars['String']['output'];
  round: Scalars['Int']['output'];
  /** Full state on the first event (replay), then null. */
  run: Maybe<ModelRun>;
  runId: Scalars['Int']['output'];
  status: RunStatus;
  totalRounds: Scalars['Int']['output'];
};

export type UpdateUserInput = {
  disabled?: InputMaybe<Scalars['Boolean']['input']>;
  /** 10 to 200 characters; the user must replace it at the next sign-in. */
  password?: InputMaybe<Scalars['String']['input']>;
  role?: InputMaybe<Role>;
};

export type User = {
  __typename?: 'User';
  createdAt: Scalars['DateTime']['output'];
  disabled: Scalars['Boolean']['output'];
  email: Scalars['String']['output'];
  id: Scalars['Int']['output'];
  /** Signs in, but must set a new password before anything else (first-start admin, or after an admin reset). */
  mustChangePassword: Scalars['Boolean']['output'];
  passwordChangedAt: Maybe<Scalars['DateTime']['output']>;
  role: Role;
};

export type Viewer = {
  __typename?: 'Viewer';
  email: Scalars['String']['output'];
  /** True while the account still has the one-time password printed at first start: every other operation answers PASSWORD_CHANGE_REQUIRED until it is changed. */
  mustChangePassword: Scalars['Boolean']['output'];
  role: Role;
};

export type WeekRecord = {
  __typename?: 'WeekRecord';
  complaints: Maybe<Scalars['Int']['output']>;
  /** Weekly values: null = a blank cell in imported data (missing, not 0). */
  logins: Maybe<Scalars['Int']['output']>;
  netInflow: Maybe<Scalars['Float']['output']>;
  serviceContacts: Maybe<Scalars['Int']['output']>;
  totalAssets: Maybe<Scalars['Float']['output']>;
  tradeAmount: Maybe<Scalars['Float']['output']>;
  trades: Maybe<Scalars['Int']['output']>;
  week: Scalars['Int']['output'];
  /** Monday the week starts on (YYYY-MM-DD); null for snapshot datasets. */
  weekStart: Maybe<Scalars['String']['output']>;
  weeklyReturn: Maybe<Scalars['Float']['output']>;
};

export type WhatIfResult = {
  __typename?: 'WhatIfResult';
  baseValue: Scalars['Float']['output'];
  level: RiskLevel;
  margin: Scalars['Float']['output'];
  probability: Scalars['Float']['output'];
  shap: Array<ShapContribution>;
};



export type ResolverTypeWrapper<T> = Promise<T> | T;


export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;





/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  ApiToken: ResolverTypeWrapper<ApiToken>;
  AppendDatasetWeeksInput: AppendDatasetWeeksInput;
  AppendDatasetWeeksResult: ResolverTypeWrapper<AppendDatasetWeeksResult>;
  AuditEntry: ResolverTypeWrapper<AuditEntry>;
  BacktestPoint: ResolverTypeWrapper<BacktestPoint>;
  BacktestRole: BacktestRole;
  BatchStatus: BatchStatus;
  BeeswarmSeries: ResolverTypeWrapper<BeeswarmSeries>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  CalibrationBin: ResolverTypeWrapper<CalibrationBin>;
  Campaign: ResolverTypeWrapper<Campaign>;
  CampaignAdvisor: ResolverTypeWrapper<CampaignAdvisor>;
  CampaignAssignment: ResolverTypeWrapper<CampaignAssignment>;
  CampaignContactEvent: ResolverTypeWrapper<CampaignContactEvent>;
  CampaignContactInput: CampaignContactInput;
  CampaignProgress: ResolverTypeWrapper<CampaignProgress>;
  CampaignSelection: CampaignSelection;
  CampaignWorkbook: ResolverTypeWrapper<CampaignWorkbook>;
  CampaignWorkbookResult: ResolverTypeWrapper<CampaignWorkbookResult>;
  ChangePasswordInput: ChangePasswordInput;
  ChurnEvent: ResolverTypeWrapper<ChurnEvent>;
  ChurnType: ChurnType;
  ComplianceIssue: ResolverTypeWrapper<ComplianceIssue>;
  ComplianceStatus: ComplianceStatus;
  ConfusionMatrix: ResolverTypeWrapper<ConfusionMatrix>;
  ContactStatus: ContactStatus;
  CreateApiTokenInput: CreateApiTokenInput;
  CreateCampaignInput: CreateCampaignInput;
  CreateUserInput: CreateUserInput;
  CreatedApiToken: ResolverTypeWrapper<CreatedApiToken>;
  CurvePoint: ResolverTypeWrapper<CurvePoint>;
  Customer: ResolverTypeWrapper<Customer>;
  CustomerConnection: ResolverTypeWrapper<CustomerConnection>;
  CustomerEdge: ResolverTypeWrapper<CustomerEdge>;
  CustomerFilter: CustomerFilter;
  CustomerOrder: CustomerOrder;
  CustomerProfile: ResolverTypeWrapper<CustomerProfile>;
  CustomerSegment: ResolverTypeWrapper<CustomerSegment>;
  CustomerStatus: CustomerStatus;
  CustomerSummary: ResolverTypeWrapper<CustomerSummary>;
  Dataset: ResolverTypeWrapper<Dataset>;
  DatasetJob: DatasetJob;
  DatasetJobPhase: DatasetJobPhase;
  DatasetJobStatus: DatasetJobStatus;
  DatasetKind: DatasetKind;
  DatasetProgressEvent: ResolverTypeWrapper<DatasetProgressEvent>;
  DatasetScoring: ResolverTypeWrapper<DatasetScoring>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  EstimatedMetric: ResolverTypeWrapper<EstimatedMetric>;
  Feature: ResolverTypeWrapper<Feature>;
  FeatureChange: FeatureChange;
  FeatureImportance: ResolverTypeWrapper<FeatureImportance>;
  FeaturePsi: ResolverTypeWrapper<FeaturePsi>;
  FeatureValue: ResolverTypeWrapper<FeatureValue>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  GainCut: ResolverTypeWrapper<GainCut>;
  GenerateDatasetInput: GenerateDatasetInput;
  Health: ResolverTypeWrapper<Health>;
  ImportCellError: ResolverTypeWrapper<ImportCellError>;
  ImportColumn: ResolverTypeWrapper<ImportColumn>;
  ImportDatasetInput: ImportDatasetInput;
  ImportFileColumns: ResolverTypeWrapper<ImportFileColumns>;
  ImportFileKind: ImportFileKind;
  ImportPreview: ResolverTypeWrapper<ImportPreview>;
  ImportResult: ResolverTypeWrapper<ImportResult>;
  ImportRuleCount: ResolverTypeWrapper<ImportRuleCount>;
  ImportSummary: ResolverTypeWrapper<ImportSummary>;
  ImportWarning: ResolverTypeWrapper<ImportWarning>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  JSON: ResolverTypeWrapper<Scalars['JSON']['output']>;
  LearningPoint: ResolverTypeWrapper<LearningPoint>;
  Metrics: ResolverTypeWrapper<Metrics>;
  ModelComparison: ResolverTypeWrapper<ModelComparison>;
  ModelParams: ResolverTypeWrapper<ModelParams>;
  ModelRun: ResolverTypeWrapper<ModelRunSummary>;
  MonitorAlert: ResolverTypeWrapper<MonitorAlert>;
  MovedFeature: ResolverTypeWrapper<MovedFeature>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  OutOfTimeSplit: ResolverTypeWrapper<OutOfTimeSplit>;
  PackedBeeswarmSeries: ResolverTypeWrapper<PackedBeeswarmSeries>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  PartialDependence: ResolverTypeWrapper<PartialDependence>;
  PlanAction: ResolverTypeWrapper<PlanAction>;
  PlanBatch: ResolverTypeWrapper<PlanBatch>;
  PlanContent: ResolverTypeWrapper<PlanContent>;
  PlanEvent: ResolverTypeWrapper<PlanEvent>;
  PlanEventKind: PlanEventKind;
  PlanPriority: PlanPriority;
  PlanSource: PlanSource;
  PlanStatus: PlanStatus;
  PredictRiskInput: PredictRiskInput;
  PredictRiskResult: ResolverTypeWrapper<PredictRiskResult>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  RealisedQuality: ResolverTypeWrapper<RealisedQuality>;
  Report: ResolverTypeWrapper<Report>;
  RetentionPlan: ResolverTypeWrapper<RetentionPlan>;
  RetentionPlanConnection: ResolverTypeWrapper<RetentionPlanConnection>;
  RetentionPlanEdge: ResolverTypeWrapper<RetentionPlanEdge>;
  Risk: ResolverTypeWrapper<Risk>;
  RiskCounts: ResolverTypeWrapper<RiskCounts>;
  RiskLevel: RiskLevel;
  RiskThresholds: ResolverTypeWrapper<RiskThresholds>;
  Role: Role;
  RunComparison: ResolverTypeWrapper<RunComparison>;
  RunEvaluation: ResolverTypeWrapper<RunEvaluation>;
  RunStatus: RunStatus;
  ScoreNowResult: ResolverTypeWrapper<ScoreNowResult>;
  ScoringJob: ResolverTypeWrapper<ScoringJob>;
  ScoringMonitor: ResolverTypeWrapper<ScoringMonitor>;
  ScoringRun: ResolverTypeWrapper<ScoringRun>;
  SegmentDimension: SegmentDimension;
  SegmentDriver: ResolverTypeWrapper<SegmentDriver>;
  SegmentOverall: ResolverTypeWrapper<SegmentOverall>;
  SegmentSummary: ResolverTypeWrapper<SegmentSummary>;
  ShapContribution: ResolverTypeWrapper<ShapContribution>;
  ShapDependence: ResolverTypeWrapper<ShapDependence>;
  ShapSummary: ResolverTypeWrapper<ShapSummaryModel>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  ThresholdPoint: ResolverTypeWrapper<ThresholdPoint>;
  Timings: ResolverTypeWrapper<Timings>;
  TrainModelInput: TrainModelInput;
  TrainingEvent: ResolverTypeWrapper<Omit<TrainingEvent, 'run'> & { run?: Maybe<ResolversTypes['ModelRun']> }>;
  UpdateUserInput: UpdateUserInput;
  User: ResolverTypeWrapper<User>;
  Viewer: ResolverTypeWrapper<Viewer>;
  WeekRecord: ResolverTypeWrapper<WeekRecord>;
  WhatIfResult: ResolverTypeWrapper<WhatIfResult>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  ApiToken: ApiToken;
  AppendDatasetWeeksInput: AppendDatasetWeeksInput;
  AppendDatasetWeeksResult: AppendDatasetWeeksResult;
  AuditEntry: AuditEntry;
  BacktestPoint: BacktestPoint;
  BeeswarmSeries: BeeswarmSeries;
  Boolean: Scalars['Boolean']['output'];
  CalibrationBin: CalibrationBin;
  Campaign: Campaign;
  CampaignAdvisor: CampaignAdvisor;
  CampaignAssignment: CampaignAssignment;
  CampaignContactEvent: CampaignContactEvent;
  CampaignContactInput: CampaignContactInput;
  CampaignProgress: CampaignProgress;
  CampaignWorkbook: CampaignWorkbook;
  CampaignWorkbookResult: CampaignWorkbookResult;
  ChangePasswordInput: ChangePasswordInput;
  ChurnEvent: ChurnEvent;
  ComplianceIssue: ComplianceIssue;
  ConfusionMatrix: ConfusionMatrix;
  CreateApiTokenInput: CreateApiTokenInput;
  CreateCampaignInput: CreateCampaignInput;
  CreateUserInput: CreateUserInput;
  CreatedApiToken: CreatedApiToken;
  CurvePoint: CurvePoint;
  Customer: Customer;
  CustomerConnection: CustomerConnection;
  CustomerEdge: CustomerEdge;
  CustomerFilter: CustomerFilter;
  CustomerProfile: CustomerProfile;
  CustomerSegment: CustomerSegment;
  CustomerSummary: CustomerSummary;
  Dataset: Dataset;
  DatasetProgressEvent: DatasetProgressEvent;
  DatasetScoring: DatasetScoring;
  DateTime: Scalars['DateTime']['output'];
  EstimatedMetric: EstimatedMetric;
  Feature: Feature;
  FeatureChange: FeatureChange;
  FeatureImportance: FeatureImportance;
  FeaturePsi: FeaturePsi;
  FeatureValue: FeatureValue;
  Float: Scalars['Float']['output'];
  GainCut: GainCut;
  GenerateDatasetInput: GenerateDatasetInput;
  Health: Health;
  ImportCellError: ImportCellError;
  ImportColumn: ImportColumn;
  ImportDatasetInput: ImportDatasetInput;
  ImportFileColumns: ImportFileColumns;
  ImportPreview: ImportPreview;
  ImportResult: ImportResult;
  ImportRuleCount: ImportRuleCount;
  ImportSummary: ImportSummary;
  ImportWarning: ImportWarning;
  Int: Scalars['Int']['output'];
  JSON: Scalars['JSON']['output'];
  LearningPoint: LearningPoint;
  Metrics: Metrics;
  ModelComparison: ModelComparison;
  ModelParams: ModelParams;
  ModelRun: ModelRunSummary;
  MonitorAlert: MonitorAlert;
  MovedFeature: MovedFeature;
  Mutation: Record<PropertyKey, never>;
  OutOfTimeSplit: OutOfTimeSplit;
  PackedBeeswarmSeries: PackedBeeswarmSeries;
  PageInfo: PageInfo;
  PartialDependence: PartialDependence;
  PlanAction: PlanAction;
  PlanBatch: PlanBatch;
  PlanContent: PlanContent;
  PlanEvent: PlanEvent;
  PredictRiskInput: PredictRiskInput;
  PredictRiskResult: PredictRiskResult;
  Query: Record<PropertyKey, never>;
  RealisedQuality: RealisedQuality;
  Report: Report;
  RetentionPlan: RetentionPlan;
  RetentionPlanConnection: RetentionPlanConnection;
  RetentionPlanEdge: RetentionPlanEdge;
  Risk: Risk;
  RiskCounts: RiskCounts;
  RiskThresholds: RiskThresholds;
  RunComparison: RunComparison;
  RunEvaluation: RunEvaluation;
  ScoreNowResult: ScoreNowResult;
  ScoringJob: ScoringJob;
  ScoringMonitor: ScoringMonitor;
  ScoringRun: ScoringRun;
  SegmentDriver: SegmentDriver;
  SegmentOverall: SegmentOverall;
  SegmentSummary: SegmentSummary;
  ShapContribution: ShapContribution;
  ShapDependence: ShapDependence;
  ShapSummary: ShapSummaryModel;
  String: Scalars['String']['output'];
  Subscription: Record<PropertyKey, never>;
  ThresholdPoint: ThresholdPoint;
  Timings: Timings;
  TrainModelInput: TrainModelInput;
  TrainingEvent: Omit<TrainingEvent, 'run'> & { run?: Maybe<ResolversParentTypes['ModelRun']> };
  UpdateUserInput: UpdateUserInput;
  User: User;
  Viewer: Viewer;
  WeekRecord: WeekRecord;
  WhatIfResult: WhatIfResult;
};

export type ApiTokenResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ApiToken'] = ResolversParentTypes['ApiToken']> = {
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  createdBy?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  expiresAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  lastUsedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  owner?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  prefix?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  revokedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  role?: Resolver<ResolversTypes['Role'], ParentType, ContextType>;
};

export type AppendDatasetWeeksResultResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['AppendDatasetWeeksResult'] = ResolversParentTypes['AppendDatasetWeeksResult']> = {
  dataset?: Resolver<ResolversTypes['Dataset'], ParentType, ContextType>;
  mapping?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  outcomesRecorded?: Resolver<Array<ResolversTypes['Int']>, ParentType, ContextType>;
  scoringJobId?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  summary?: Resolver<Maybe<ResolversTypes['ImportSummary']>, ParentType, ContextType>;
  warnings?: Resolver<Array<ResolversTypes['ImportWarning']>, ParentType, ContextType>;
  weeksAdded?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type AuditEntryResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['AuditEntry'] = ResolversParentTypes['AuditEntry']> = {
  action?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  actor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  details?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  target?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type BacktestPointResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['BacktestPoint'] = ResolversParentTypes['BacktestPoint']> = {
  asOfDate?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  asOfWeek?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  auc?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  churned?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  customers?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  k?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  oracleAuc?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  recallAtK?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  role?: Resolver<ResolversTypes['BacktestRole'], ParentType, ContextType>;
};

export type BeeswarmSeriesResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['BeeswarmSeries'] = ResolversParentTypes['BeeswarmSeries']> = {
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  labelEn?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  labelZh?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  normalizedValue?: Resolver<Array<ResolversTypes['Float']>, ParentType, ContextType>;
  shap?: Resolver<Array<ResolversTypes['Float']>, ParentType, ContextType>;
};

export type CalibrationBinResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CalibrationBin'] = ResolversParentTypes['CalibrationBin']> = {
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  observed?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  predicted?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type CampaignResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Campaign'] = ResolversParentTypes['Campaign']> = {
  asOfWeek?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  budget?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  complianceExcluded?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  controlCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  controlShare?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  cost?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  createdBy?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  horizonWeeks?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  outcome?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  outcomesAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  progress?: Resolver<ResolversTypes['CampaignProgress'], ParentType, ContextType>;
  scoringRunId?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  seed?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  selection?: Resolver<ResolversTypes['CampaignSelection'], ParentType, ContextType>;
  treatedCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type CampaignAdvisorResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CampaignAdvisor'] = ResolversParentTypes['CampaignAdvisor']> = {
  email?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  open?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  workloadCap?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type CampaignAssignmentResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CampaignAssignment'] = ResolversParentTypes['CampaignAssignment']> = {
  advisorId?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  assets?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  campaignId?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  campaignName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  customerId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  customerName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  note?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  phone?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  planOffer?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  planScript?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  probability?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  rank?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ContactStatus'], ParentType, ContextType>;
  statusAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  statusBy?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  statusLabel?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type CampaignContactEventResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CampaignContactEvent'] = ResolversParentTypes['CampaignContactEvent']> = {
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  by?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  campaignId?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  customerId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  note?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ContactStatus'], ParentType, ContextType>;
};

export type CampaignProgressResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CampaignProgress'] = ResolversParentTypes['CampaignProgress']> = {
  accepted?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  assigned?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  contacted?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  control?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  declined?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  pending?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  treated?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  unreachable?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type CampaignWorkbookResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CampaignWorkbook'] = ResolversParentTypes['CampaignWorkbook']> = {
  base64?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  filename?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type CampaignWorkbookResultResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CampaignWorkbookResult'] = ResolversParentTypes['CampaignWorkbookResult']> = {
  rows?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  updated?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ChurnEventResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ChurnEvent'] = ResolversParentTypes['ChurnEvent']> = {
  date?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  type?: Resolver<ResolversTypes['ChurnType'], ParentType, ContextType>;
  week?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ComplianceIssueResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ComplianceIssue'] = ResolversParentTypes['ComplianceIssue']> = {
  excerpt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  rule?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type ConfusionMatrixResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ConfusionMatrix'] = ResolversParentTypes['ConfusionMatrix']> = {
  fn?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  fp?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  tn?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  tp?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type CreatedApiTokenResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CreatedApiToken'] = ResolversParentTypes['CreatedApiToken']> = {
  apiToken?: Resolver<ResolversTypes['ApiToken'], ParentType, ContextType>;
  token?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type CurvePointResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CurvePoint'] = ResolversParentTypes['CurvePoint']> = {
  threshold?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  x?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  y?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type CustomerResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Customer'] = ResolversParentTypes['Customer']> = {
  assetsLatest?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  churnEvent?: Resolver<Maybe<ResolversTypes['ChurnEvent']>, ParentType, ContextType>;
  churned?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  features?: Resolver<Array<ResolversTypes['FeatureValue']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  latestPlan?: Resolver<Maybe<ResolversTypes['RetentionPlan']>, ParentType, ContextType>;
  openDate?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  profile?: Resolver<ResolversTypes['CustomerProfile'], ParentType, ContextType>;
  risk?: Resolver<Maybe<ResolversTypes['Risk']>, ParentType, ContextType>;
  shap?: Resolver<Array<ResolversTypes['ShapContribution']>, ParentType, ContextType>;
  shapBaseValue?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['CustomerStatus'], ParentType, ContextType>;
  weekly?: Resolver<Array<ResolversTypes['WeekRecord']>, ParentType, ContextType>;
};

export type CustomerConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CustomerConnection'] = ResolversParentTypes['CustomerConnection']> = {
  edges?: Resolver<Array<ResolversTypes['CustomerEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type CustomerEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CustomerEdge'] = ResolversParentTypes['CustomerEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['CustomerSummary'], ParentType, ContextType>;
};

export type CustomerProfileResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CustomerProfile'] = ResolversParentTypes['CustomerProfile']> = {
  age?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  branch?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  commissionRate?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  customerType?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  hasAdvisor?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  hasMargin?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  maskedName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  maskedPhone?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  openChannel?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  riskTolerance?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  tenureMonths?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type CustomerSegmentResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CustomerSegment'] = ResolversParentTypes['CustomerSegment']> = {
  churnRate?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  customers?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  dimension?: Resolver<ResolversTypes['SegmentDimension'], ParentType, ContextType>;
  expectedAssetLoss?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  highRisk?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  labelEn?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  labelZh?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  labelled?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  maxAssets?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  meanProbability?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  minAssets?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  topDrivers?: Resolver<Array<ResolversTypes['SegmentDriver']>, ParentType, ContextType>;
};

export type CustomerSummaryResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CustomerSummary'] = ResolversParentTypes['CustomerSummary']> = {
  assetsLatest?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  branch?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  churnEvent?: Resolver<Maybe<ResolversTypes['ChurnEvent']>, ParentType, ContextType>;
  customerType?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  expectedAssetLoss?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  hasPlan?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  probability?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  riskLevel?: Resolver<Maybe<ResolversTypes['RiskLevel']>, ParentType, ContextType>;
  riskRank?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  riskTolerance?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['CustomerStatus'], ParentType, ContextType>;
  topDrivers?: Resolver<Array<ResolversTypes['ShapContribution']>, ParentType, ContextType>;
};

export type DatasetResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Dataset'] = ResolversParentTypes['Dataset']> = {
  activeCustomers?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  asOfDate?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  churnRate?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  churnedCustomers?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  customerCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  historyWeeks?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  horizonWeeks?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['DatasetKind'], ParentType, ContextType>;
  lookbackWeeks?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  oracleAuc?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  scoredBy?: Resolver<Array<ResolversTypes['DatasetScoring']>, ParentType, ContextType>;
  seed?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  source?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  startDate?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  targetChurnRate?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  weeks?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type DatasetProgressEventResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['DatasetProgressEvent'] = ResolversParentTypes['DatasetProgressEvent']> = {
  datasetId?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  done?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  error?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  job?: Resolver<ResolversTypes['DatasetJob'], ParentType, ContextType>;
  phase?: Resolver<ResolversTypes['DatasetJobPhase'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['DatasetJobStatus'], ParentType, ContextType>;
  total?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type DatasetScoringResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['DatasetScoring'] = ResolversParentTypes['DatasetScoring']> = {
  asOfDate?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  modelRunId?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  scoredAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  scoredCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  trainedOnThisDataset?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type EstimatedMetricResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['EstimatedMetric'] = ResolversParentTypes['EstimatedMetric']> = {
  estimate?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  lower?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  standardError?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  upper?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type FeatureResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Feature'] = ResolversParentTypes['Feature']> = {
  categories?: Resolver<Maybe<Array<ResolversTypes['String']>>, ParentType, ContextType>;
  description?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  group?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  index?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  labelEn?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  labelZh?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  unit?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type FeatureImportanceResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['FeatureImportance'] = ResolversParentTypes['FeatureImportance']> = {
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  labelEn?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  labelZh?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  meanAbsShap?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type FeaturePsiResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['FeaturePsi'] = ResolversParentTypes['FeaturePsi']> = {
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  missingShare?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  newCategories?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  outOfRangeShare?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  psi?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  zh?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type FeatureValueResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['FeatureValue'] = ResolversParentTypes['FeatureValue']> = {
  display?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  labelEn?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  labelZh?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  value?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
};

export type GainCutResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['GainCut'] = ResolversParentTypes['GainCut']> = {
  flagged?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  threshold?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  truePositives?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type HealthResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Health'] = ResolversParentTypes['Health']> = {
  database?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  planner?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type ImportCellErrorResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ImportCellError'] = ResolversParentTypes['ImportCellError']> = {
  column?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  file?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  line?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  rule?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type ImportColumnResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ImportColumn'] = ResolversParentTypes['ImportColumn']> = {
  field?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  header?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type ImportFileColumnsResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ImportFileColumns'] = ResolversParentTypes['ImportFileColumns']> = {
  columns?: Resolver<Array<ResolversTypes['ImportColumn']>, ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['ImportFileKind'], ParentType, ContextType>;
};

export type ImportPreviewResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ImportPreview'] = ResolversParentTypes['ImportPreview']> = {
  columns?: Resolver<Array<ResolversTypes['ImportFileColumns']>, ParentType, ContextType>;
  errorTotal?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  errors?: Resolver<Array<ResolversTypes['ImportCellError']>, ParentType, ContextType>;
  errorsByRule?: Resolver<Array<ResolversTypes['ImportRuleCount']>, ParentType, ContextType>;
  mapping?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  ok?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  summary?: Resolver<Maybe<ResolversTypes['ImportSummary']>, ParentType, ContextType>;
  warnings?: Resolver<Array<ResolversTypes['ImportWarning']>, ParentType, ContextType>;
};

export type ImportResultResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ImportResult'] = ResolversParentTypes['ImportResult']> = {
  dataset?: Resolver<ResolversTypes['Dataset'], ParentType, ContextType>;
  mapping?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  summary?: Resolver<Maybe<ResolversTypes['ImportSummary']>, ParentType, ContextType>;
  warnings?: Resolver<Array<ResolversTypes['ImportWarning']>, ParentType, ContextType>;
};

export type ImportRuleCountResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ImportRuleCount'] = ResolversParentTypes['ImportRuleCount']> = {
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  rule?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  ruleZh?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type ImportSummaryResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ImportSummary'] = ResolversParentTypes['ImportSummary']> = {
  activityRows?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  churnEvents?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  churnSource?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  customers?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  customersDropped?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  dataDate?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  encodings?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  missingFeatures?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  period?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  startDate?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  weeks?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ImportWarningResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ImportWarning'] = ResolversParentTypes['ImportWarning']> = {
  column?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  file?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  rule?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export interface JsonScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['JSON'], any> {
  name: 'JSON';
}

export type LearningPointResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['LearningPoint'] = ResolversParentTypes['LearningPoint']> = {
  round?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  trainAuc?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  trainLogloss?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  validAuc?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  validLogloss?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type MetricsResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Metrics'] = ResolversParentTypes['Metrics']> = {
  accuracy?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  auc?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  brier?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  calibration?: Resolver<Array<ResolversTypes['CalibrationBin']>, ParentType, ContextType>;
  confusion?: Resolver<ResolversTypes['ConfusionMatrix'], ParentType, ContextType>;
  f1?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  logLoss?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  oracleAuc?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  oracleRatio?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  pr?: Resolver<Array<ResolversTypes['CurvePoint']>, ParentType, ContextType>;
  prAuc?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  precision?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  recall?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  roc?: Resolver<Array<ResolversTypes['CurvePoint']>, ParentType, ContextType>;
  testSize?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  threshold?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  thresholdSweep?: Resolver<Array<ResolversTypes['ThresholdPoint']>, ParentType, ContextType>;
  trainSize?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  validationSize?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ModelComparisonResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ModelComparison'] = ResolversParentTypes['ModelComparison']> = {
  activate?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  aucDiff?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  aucDiffLower?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  aucDiffUpper?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  calibration?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  challengerAuc?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  challengerBrier?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  challengerId?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  championAuc?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  championBrier?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  championId?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  importance?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  positives?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  pr?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  reason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  roc?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  rows?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  testAsOfWeek?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  topK?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  topKOverlap?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ModelParamsResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ModelParams'] = ResolversParentTypes['ModelParams']> = {
  colsampleBytree?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  earlyStoppingRounds?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  eta?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  lambda?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  maxDepth?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  minChildWeight?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  rounds?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  scalePosWeight?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  seed?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  subsample?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  treeMethod?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type ModelRunResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ModelRun'] = ResolversParentTypes['ModelRun']> = {
  backtest?: Resolver<Array<ResolversTypes['BacktestPoint']>, ParentType, ContextType>;
  bestIteration?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  currentRound?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  datasetId?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  durationMs?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  error?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  finishedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  horizonWeeks?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  isActive?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  learningCurve?: Resolver<Array<ResolversTypes['LearningPoint']>, ParentType, ContextType>;
  metrics?: Resolver<Maybe<ResolversTypes['Metrics']>, ParentType, ContextType>;
  params?: Resolver<Maybe<ResolversTypes['ModelParams']>, ParentType, ContextType>;
  phase?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  source?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  split?: Resolver<Maybe<ResolversTypes['OutOfTimeSplit']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['RunStatus'], ParentType, ContextType>;
  timings?: Resolver<Maybe<ResolversTypes['Timings']>, ParentType, ContextType>;
  totalRounds?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type MonitorAlertResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['MonitorAlert'] = ResolversParentTypes['MonitorAlert']> = {
  asOfDate?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  asOfWeek?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  features?: Resolver<Array<ResolversTypes['MovedFeature']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  limit?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  modelRunId?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  scoringRunId?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  severity?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  suggestion?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type MovedFeatureResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['MovedFeature'] = ResolversParentTypes['MovedFeature']> = {
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  psi?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  zh?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type MutationResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  activateModel?: Resolver<ResolversTypes['ModelRun'], ParentType, ContextType, RequireFields<MutationActivateModelArgs, 'id'>>;
  advanceDataset?: Resolver<ResolversTypes['Dataset'], ParentType, ContextType, RequireFields<MutationAdvanceDatasetArgs, 'weeks'>>;
  appendDatasetWeeks?: Resolver<ResolversTypes['AppendDatasetWeeksResult'], ParentType, ContextType, RequireFields<MutationAppendDatasetWeeksArgs, 'input'>>;
  assignCampaignAdvisors?: Resolver<ResolversTypes['Int'], ParentType, ContextType, RequireFields<MutationAssignCampaignAdvisorsArgs, 'campaignId'>>;
  cancelPlanBatch?: Resolver<ResolversTypes['PlanBatch'], ParentType, ContextType, RequireFields<MutationCancelPlanBatchArgs, 'id'>>;
  changePassword?: Resolver<ResolversTypes['Viewer'], ParentType, ContextType, RequireFields<MutationChangePasswordArgs, 'input'>>;
  createApiToken?: Resolver<ResolversTypes['CreatedApiToken'], ParentType, ContextType, RequireFields<MutationCreateApiTokenArgs, 'input'>>;
  createCampaign?: Resolver<ResolversTypes['Campaign'], ParentType, ContextType, RequireFields<MutationCreateCampaignArgs, 'input'>>;
  createUser?: Resolver<ResolversTypes['User'], ParentType, ContextType, RequireFields<MutationCreateUserArgs, 'input'>>;
  generateDataset?: Resolver<ResolversTypes['Dataset'], ParentType, ContextType, Partial<MutationGenerateDatasetArgs>>;
  generateReport?: Resolver<ResolversTypes['Report'], ParentType, ContextType>;
  importCampaignWorkbook?: Resolver<ResolversTypes['CampaignWorkbookResult'], ParentType, ContextType, RequireFields<MutationImportCampaignWorkbookArgs, 'base64' | 'campaignId'>>;
  importDataset?: Resolver<ResolversTypes['ImportResult'], ParentType, ContextType, RequireFields<MutationImportDatasetArgs, 'input'>>;
  predictRisk?: Resolver<ResolversTypes['PredictRiskResult'], ParentType, ContextType, RequireFields<MutationPredictRiskArgs, 'input'>>;
  regeneratePlan?: Resolver<ResolversTypes['RetentionPlan'], ParentType, ContextType, RequireFields<MutationRegeneratePlanArgs, 'customerId'>>;
  registerCampaignAdvisor?: Resolver<ResolversTypes['CampaignAdvisor'], ParentType, ContextType, RequireFields<MutationRegisterCampaignAdvisorArgs, 'email' | 'name' | 'workloadCap'>>;
  revokeApiToken?: Resolver<ResolversTypes['ApiToken'], ParentType, ContextType, RequireFields<MutationRevokeApiTokenArgs, 'id'>>;
  scoreNow?: Resolver<ResolversTypes['ScoreNowResult'], ParentType, ContextType>;
  trainModel?: Resolver<ResolversTypes['ModelRun'], ParentType, ContextType, Partial<MutationTrainModelArgs>>;
  updateCampaignContact?: Resolver<ResolversTypes['CampaignContactEvent'], ParentType, ContextType, RequireFields<MutationUpdateCampaignContactArgs, 'input'>>;
  updateUser?: Resolver<ResolversTypes['User'], ParentType, ContextType, RequireFields<MutationUpdateUserArgs, 'id' | 'input'>>;
};

export type OutOfTimeSplitResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['OutOfTimeSplit'] = ResolversParentTypes['OutOfTimeSplit']> = {
  horizonWeeks?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  testWeek?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  trainWeeks?: Resolver<Array<ResolversTypes['Int']>, ParentType, ContextType>;
  validWeek?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type PackedBeeswarmSeriesResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PackedBeeswarmSeries'] = ResolversParentTypes['PackedBeeswarmSeries']> = {
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  labelEn?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  labelZh?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  normalizedValueUint8?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  shapInt16?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  shapStep?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type PageInfoResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type PartialDependenceResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PartialDependence'] = ResolversParentTypes['PartialDependence']> = {
  grid?: Resolver<Array<ResolversTypes['Float']>, ParentType, ContextType>;
  ice?: Resolver<Array<Array<ResolversTypes['Float']>>, ParentType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  labelEn?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  labelZh?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  pd?: Resolver<Array<ResolversTypes['Float']>, ParentType, ContextType>;
  sampleSize?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type PlanActionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PlanAction'] = ResolversParentTypes['PlanAction']> = {
  action?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  channel?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  timing?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type PlanBatchResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PlanBatch'] = ResolversParentTypes['PlanBatch']> = {
  cancelled?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  done?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  failed?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  finishedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  llmModel?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  modelRunId?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  pending?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  planner?: Resolver<ResolversTypes['PlanSource'], ParentType, ContextType>;
  promptVersion?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  running?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['BatchStatus'], ParentType, ContextType>;
  total?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type PlanContentResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PlanContent'] = ResolversParentTypes['PlanContent']> = {
  actions?: Resolver<Array<ResolversTypes['PlanAction']>, ParentType, ContextType>;
  expectedEffect?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  followUp?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  offer?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  offerStrength?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  priority?: Resolver<ResolversTypes['PlanPriority'], ParentType, ContextType>;
  riskSummary?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  script?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type PlanEventResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PlanEvent'] = ResolversParentTypes['PlanEvent']> = {
  batch?: Resolver<ResolversTypes['PlanBatch'], ParentType, ContextType>;
  batchId?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  customerId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  delta?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['PlanEventKind'], ParentType, ContextType>;
  plan?: Resolver<Maybe<ResolversTypes['RetentionPlan']>, ParentType, ContextType>;
  plans?: Resolver<Maybe<Array<ResolversTypes['RetentionPlan']>>, ParentType, ContextType>;
};

export type PredictRiskResultResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PredictRiskResult'] = ResolversParentTypes['PredictRiskResult']> = {
  batch?: Resolver<Maybe<ResolversTypes['PlanBatch']>, ParentType, ContextType>;
  highRisk?: Resolver<Array<ResolversTypes['CustomerSummary']>, ParentType, ContextType>;
  highRiskCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  scoredCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type QueryResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  activeModel?: Resolver<Maybe<ResolversTypes['ModelRun']>, ParentType, ContextType>;
  alerts?: Resolver<Array<ResolversTypes['MonitorAlert']>, ParentType, ContextType, RequireFields<QueryAlertsArgs, 'limit'>>;
  apiTokens?: Resolver<Array<ResolversTypes['ApiToken']>, ParentType, ContextType>;
  auditLog?: Resolver<Array<ResolversTypes['AuditEntry']>, ParentType, ContextType, RequireFields<QueryAuditLogArgs, 'limit'>>;
  campaign?: Resolver<Maybe<ResolversTypes['Campaign']>, ParentType, ContextType, RequireFields<QueryCampaignArgs, 'id'>>;
  campaignAdvisors?: Resolver<Array<ResolversTypes['CampaignAdvisor']>, ParentType, ContextType>;
  campaignAssignments?: Resolver<Array<ResolversTypes['CampaignAssignment']>, ParentType, ContextType, RequireFields<QueryCampaignAssignmentsArgs, 'campaignId' | 'limit' | 'offset'>>;
  campaignWorkbook?: Resolver<ResolversTypes['CampaignWorkbook'], ParentType, ContextType, RequireFields<QueryCampaignWorkbookArgs, 'campaignId'>>;
  campaigns?: Resolver<Array<ResolversTypes['Campaign']>, ParentType, ContextType, RequireFields<QueryCampaignsArgs, 'limit'>>;
  compareModels?: Resolver<Maybe<ResolversTypes['ModelComparison']>, ParentType, ContextType, RequireFields<QueryCompareModelsArgs, 'challenger' | 'champion'>>;
  customer?: Resolver<Maybe<ResolversTypes['Customer']>, ParentType, ContextType, RequireFields<QueryCustomerArgs, 'id'>>;
  customerBranches?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  customerSegments?: Resolver<Maybe<ResolversTypes['SegmentSummary']>, ParentType, ContextType>;
  customers?: Resolver<ResolversTypes['CustomerConnection'], ParentType, ContextType, RequireFields<QueryCustomersArgs, 'first' | 'orderBy'>>;
  dataset?: Resolver<Maybe<ResolversTypes['Dataset']>, ParentType, ContextType>;
  features?: Resolver<Array<ResolversTypes['Feature']>, ParentType, ContextType>;
  health?: Resolver<ResolversTypes['Health'], ParentType, ContextType>;
  modelRun?: Resolver<Maybe<ResolversTypes['ModelRun']>, ParentType, ContextType, RequireFields<QueryModelRunArgs, 'id'>>;
  modelRuns?: Resolver<Array<ResolversTypes['ModelRun']>, ParentType, ContextType, RequireFields<QueryModelRunsArgs, 'limit'>>;
  myCampaignCustomers?: Resolver<Array<ResolversTypes['CampaignAssignment']>, ParentType, ContextType>;
  partialDependence?: Resolver<Maybe<ResolversTypes['PartialDependence']>, ParentType, ContextType, RequireFields<QueryPartialDependenceArgs, 'feature' | 'gridPoints' | 'iceLines' | 'sampleSize'>>;
  planBatch?: Resolver<Maybe<ResolversTypes['PlanBatch']>, ParentType, ContextType, RequireFields<QueryPlanBatchArgs, 'id'>>;
  planBatches?: Resolver<Array<ResolversTypes['PlanBatch']>, ParentType, ContextType, RequireFields<QueryPlanBatchesArgs, 'limit'>>;
  previewImport?: Resolver<ResolversTypes['ImportPreview'], ParentType, ContextType, RequireFields<QueryPreviewImportArgs, 'input' | 'maxErrors'>>;
  report?: Resolver<Maybe<ResolversTypes['Report']>, ParentType, ContextType>;
  retentionPlans?: Resolver<ResolversTypes['RetentionPlanConnection'], ParentType, ContextType, RequireFields<QueryRetentionPlansArgs, 'first'>>;
  riskCounts?: Resolver<Maybe<ResolversTypes['RiskCounts']>, ParentType, ContextType>;
  runComparison?: Resolver<ResolversTypes['RunComparison'], ParentType, ContextType, RequireFields<QueryRunComparisonArgs, 'bins' | 'runA' | 'runB'>>;
  runEvaluation?: Resolver<ResolversTypes['RunEvaluation'], ParentType, ContextType, RequireFields<QueryRunEvaluationArgs, 'bins' | 'runId'>>;
  scoringJobs?: Resolver<Array<ResolversTypes['ScoringJob']>, ParentType, ContextType, RequireFields<QueryScoringJobsArgs, 'limit'>>;
  scoringMonitors?: Resolver<Array<ResolversTypes['ScoringMonitor']>, ParentType, ContextType, RequireFields<QueryScoringMonitorsArgs, 'limit'>>;
  scoringRun?: Resolver<Maybe<ResolversTypes['ScoringRun']>, ParentType, ContextType, RequireFields<QueryScoringRunArgs, 'id'>>;
  scoringRuns?: Resolver<Array<ResolversTypes['ScoringRun']>, ParentType, ContextType, RequireFields<QueryScoringRunsArgs, 'limit'>>;
  shapDependence?: Resolver<Maybe<ResolversTypes['ShapDependence']>, ParentType, ContextType, RequireFields<QueryShapDependenceArgs, 'feature' | 'sampleSize'>>;
  shapSummary?: Resolver<Maybe<ResolversTypes['ShapSummary']>, ParentType, ContextType, RequireFields<QueryShapSummaryArgs, 'sampleSize'>>;
  users?: Resolver<Array<ResolversTypes['User']>, ParentType, ContextType>;
  viewer?: Resolver<Maybe<ResolversTypes['Viewer']>, ParentType, ContextType>;
  whatIf?: Resolver<ResolversTypes['WhatIfResult'], ParentType, ContextType, RequireFields<QueryWhatIfArgs, 'changes' | 'customerId'>>;
};

export type RealisedQualityResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['RealisedQuality'] = ResolversParentTypes['RealisedQuality']> = {
  auc?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  calibration?: Resolver<Array<ResolversTypes['CalibrationBin']>, ParentType, ContextType>;
  churnRate?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  churned?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  customers?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  k?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  oracleAuc?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  precisionAtK?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  recallAtK?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
};

export type ReportResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Report'] = ResolversParentTypes['Report']> = {
  generatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  html?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  markdown?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  source?: Resolver<ResolversTypes['PlanSource'], ParentType, ContextType>;
};

export type RetentionPlanResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['RetentionPlan'] = ResolversParentTypes['RetentionPlan']> = {
  attempts?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  batchId?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  complianceIssues?: Resolver<Array<ResolversTypes['ComplianceIssue']>, ParentType, ContextType>;
  complianceStatus?: Resolver<Maybe<ResolversTypes['ComplianceStatus']>, ParentType, ContextType>;
  customerId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  error?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  finishedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  llmModel?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  plan?: Resolver<Maybe<ResolversTypes['PlanContent']>, ParentType, ContextType>;
  priority?: Resolver<Maybe<ResolversTypes['PlanPriority']>, ParentType, ContextType>;
  probability?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  promptVersion?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  rawText?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  riskLevel?: Resolver<ResolversTypes['RiskLevel'], ParentType, ContextType>;
  source?: Resolver<Maybe<ResolversTypes['PlanSource']>, ParentType, ContextType>;
  startedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['PlanStatus'], ParentType, ContextType>;
};

export type RetentionPlanConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['RetentionPlanConnection'] = ResolversParentTypes['RetentionPlanConnection']> = {
  edges?: Resolver<Array<ResolversTypes['RetentionPlanEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type RetentionPlanEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['RetentionPlanEdge'] = ResolversParentTypes['RetentionPlanEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['RetentionPlan'], ParentType, ContextType>;
};

export type RiskResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Risk'] = ResolversParentTypes['Risk']> = {
  expectedAssetLoss?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  level?: Resolver<ResolversTypes['RiskLevel'], ParentType, ContextType>;
  lossRank?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  margin?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  modelRunId?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  probability?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  rank?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type RiskCountsResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['RiskCounts'] = ResolversParentTypes['RiskCounts']> = {
  expectedAssetLoss?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  high?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  histogram?: Resolver<Array<ResolversTypes['Int']>, ParentType, ContextType>;
  low?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  medium?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  thresholds?: Resolver<ResolversTypes['RiskThresholds'], ParentType, ContextType>;
};

export type RiskThresholdsResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['RiskThresholds'] = ResolversParentTypes['RiskThresholds']> = {
  high?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  medium?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type RunComparisonResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['RunComparison'] = ResolversParentTypes['RunComparison']> = {
  a?: Resolver<ResolversTypes['RunEvaluation'], ParentType, ContextType>;
  aucDiff?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  aucDiffLower?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  aucDiffUpper?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  b?: Resolver<ResolversTypes['RunEvaluation'], ParentType, ContextType>;
  sameRows?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type RunEvaluationResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['RunEvaluation'] = ResolversParentTypes['RunEvaluation']> = {
  auc?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  averagePrecision?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  brier?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  calibration?: Resolver<Array<ResolversTypes['CalibrationBin']>, ParentType, ContextType>;
  datasetId?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  defaultContactCost?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  defaultRetainedValue?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  defaultSuccessRate?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  gain?: Resolver<Array<ResolversTypes['GainCut']>, ParentType, ContextType>;
  k?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  logLoss?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  meanChurnerAssets?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  positives?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  pr?: Resolver<Array<ResolversTypes['CurvePoint']>, ParentType, ContextType>;
  precisionAtK?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  recallAtK?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  roc?: Resolver<Array<ResolversTypes['CurvePoint']>, ParentType, ContextType>;
  rows?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  runId?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  testAsOfDate?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  testAsOfWeek?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ScoreNowResultResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ScoreNowResult'] = ResolversParentTypes['ScoreNowResult']> = {
  created?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  job?: Resolver<ResolversTypes['ScoringJob'], ParentType, ContextType>;
};

export type ScoringJobResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ScoringJob'] = ResolversParentTypes['ScoringJob']> = {
  attempts?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  datasetId?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  error?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  finishedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  progress?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  scoringRunId?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  total?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ScoringMonitorResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ScoringMonitor'] = ResolversParentTypes['ScoringMonitor']> = {
  alertCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  asOfDate?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  asOfWeek?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  driftedFeatures?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  driftedShare?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  estimatedAuc?: Resolver<Maybe<ResolversTypes['EstimatedMetric']>, ParentType, ContextType>;
  estimatedPrecision?: Resolver<Maybe<ResolversTypes['EstimatedMetric']>, ParentType, ContextType>;
  estimatedRecall?: Resolver<Maybe<ResolversTypes['EstimatedMetric']>, ParentType, ContextType>;
  features?: Resolver<Array<ResolversTypes['FeaturePsi']>, ParentType, ContextType>;
  modelRunId?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  realisedAuc?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  scorePsi?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  scoredCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  scoringRunId?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  testAuc?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
};

export type ScoringRunResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ScoringRun'] = ResolversParentTypes['ScoringRun']> = {
  asOfDate?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  asOfWeek?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  datasetId?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  expectedChurners?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  highRisk?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  horizonWeeks?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  meanProbability?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  modelRunId?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  outcomeDate?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  outcomesAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  realised?: Resolver<Maybe<ResolversTypes['RealisedQuality']>, ParentType, ContextType>;
  scoredCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type SegmentDriverResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['SegmentDriver'] = ResolversParentTypes['SegmentDriver']> = {
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  labelEn?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  labelZh?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  meanAbsShap?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type SegmentOverallResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['SegmentOverall'] = ResolversParentTypes['SegmentOverall']> = {
  churnRate?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  customers?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  expectedAssetLoss?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  highRisk?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  labelled?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  meanProbability?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  topDrivers?: Resolver<Array<ResolversTypes['SegmentDriver']>, ParentType, ContextType>;
};

export type SegmentSummaryResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['SegmentSummary'] = ResolversParentTypes['SegmentSummary']> = {
  asOfDate?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  asOfWeek?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  assetBandEdgesWan?: Resolver<Array<ResolversTypes['Float']>, ParentType, ContextType>;
  horizonWeeks?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  labelledAsOfDate?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  labelledAsOfWeek?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  overall?: Resolver<ResolversTypes['SegmentOverall'], ParentType, ContextType>;
  segments?: Resolver<Array<ResolversTypes['CustomerSegment']>, ParentType, ContextType>;
};

export type ShapContributionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ShapContribution'] = ResolversParentTypes['ShapContribution']> = {
  display?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  labelEn?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  labelZh?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  shap?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  value?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
};

export type ShapDependenceResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ShapDependence'] = ResolversParentTypes['ShapDependence']> = {
  interactionKey?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  interactionLabelZh?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  interactionValues?: Resolver<Array<ResolversTypes['Float']>, ParentType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  labelZh?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  shap?: Resolver<Array<ResolversTypes['Float']>, ParentType, ContextType>;
  values?: Resolver<Array<ResolversTypes['Float']>, ParentType, ContextType>;
};

export type ShapSummaryResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ShapSummary'] = ResolversParentTypes['ShapSummary']> = {
  baseValue?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  beeswarm?: Resolver<Array<ResolversTypes['BeeswarmSeries']>, ParentType, ContextType>;
  beeswarmPacked?: Resolver<Array<ResolversTypes['PackedBeeswarmSeries']>, ParentType, ContextType>;
  importance?: Resolver<Array<ResolversTypes['FeatureImportance']>, ParentType, ContextType>;
  modelRunId?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  sampleSize?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type SubscriptionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = {
  alertRaised?: SubscriptionResolver<ResolversTypes['MonitorAlert'], "alertRaised", ParentType, ContextType>;
  campaignContacts?: SubscriptionResolver<ResolversTypes['CampaignContactEvent'], "campaignContacts", ParentType, ContextType, RequireFields<SubscriptionCampaignContactsArgs, 'campaignId'>>;
  datasetProgress?: SubscriptionResolver<ResolversTypes['DatasetProgressEvent'], "datasetProgress", ParentType, ContextType>;
  planProgress?: SubscriptionResolver<ResolversTypes['PlanEvent'], "planProgress", ParentType, ContextType, RequireFields<SubscriptionPlanProgressArgs, 'batchId'>>;
  scoringJobChanged?: SubscriptionResolver<ResolversTypes['ScoringJob'], "scoringJobChanged", ParentType, ContextType>;
  trainingProgress?: SubscriptionResolver<ResolversTypes['TrainingEvent'], "trainingProgress", ParentType, ContextType, RequireFields<SubscriptionTrainingProgressArgs, 'runId'>>;
};

export type ThresholdPointResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ThresholdPoint'] = ResolversParentTypes['ThresholdPoint']> = {
  f1?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  flagged?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  precision?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  recall?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  threshold?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type TimingsResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Timings'] = ResolversParentTypes['Timings']> = {
  evaluateMs?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  shapMs?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  storeMs?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  totalMs?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  trainMs?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
};

export type TrainingEventResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['TrainingEvent'] = ResolversParentTypes['TrainingEvent']> = {
  error?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  latest?: Resolver<Maybe<ResolversTypes['LearningPoint']>, ParentType, ContextType>;
  message?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  phase?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  round?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  run?: Resolver<Maybe<ResolversTypes['ModelRun']>, ParentType, ContextType>;
  runId?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['RunStatus'], ParentType, ContextType>;
  totalRounds?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type UserResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['User'] = ResolversParentTypes['User']> = {
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  disabled?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  email?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  mustChangePassword?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  passwordChangedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  role?: Resolver<ResolversTypes['Role'], ParentType, ContextType>;
};

export type ViewerResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Viewer'] = ResolversParentTypes['Viewer']> = {
  email?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  mustChangePassword?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  role?: Resolver<ResolversTypes['Role'], ParentType, ContextType>;
};

export type WeekRecordResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['WeekRecord'] = ResolversParentTypes['WeekRecord']> = {
  complaints?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  logins?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  netInflow?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  serviceContacts?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  totalAssets?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  tradeAmount?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  trades?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  week?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  weekStart?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  weeklyReturn?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
};

export type WhatIfResultResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['WhatIfResult'] = ResolversParentTypes['WhatIfResult']> = {
  baseValue?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  level?: Resolver<ResolversTypes['RiskLevel'], ParentType, ContextType>;
  margin?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  probability?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  shap?: Resolver<Array<ResolversTypes['ShapContribution']>, ParentType, ContextType>;
};

export type Resolvers<ContextType = GraphQLContext> = {
  ApiToken?: ApiTokenResolvers<ContextType>;
  AppendDatasetWeeksResult?: AppendDatasetWeeksResultResolvers<ContextType>;
  AuditEntry?: AuditEntryResolvers<ContextType>;
  BacktestPoint?: BacktestPointResolvers<ContextType>;
  BeeswarmSeries?: BeeswarmSeriesResolvers<ContextType>;
  CalibrationBin?: CalibrationBinResolvers<ContextType>;
  Campaign?: CampaignResolvers<ContextType>;
  CampaignAdvisor?: CampaignAdvisorResolvers<ContextType>;
  CampaignAssignment?: CampaignAssignmentResolvers<ContextType>;
  CampaignContactEvent?: CampaignContactEventResolvers<ContextType>;
  CampaignProgress?: CampaignProgressResolvers<ContextType>;
  CampaignWorkbook?: CampaignWorkbookResolvers<ContextType>;
  CampaignWorkbookResult?: CampaignWorkbookResultResolvers<ContextType>;
  ChurnEvent?: ChurnEventResolvers<ContextType>;
  ComplianceIssue?: ComplianceIssueResolvers<ContextType>;
  ConfusionMatrix?: ConfusionMatrixResolvers<ContextType>;
  CreatedApiToken?: CreatedApiTokenResolvers<ContextType>;
  CurvePoint?: CurvePointResolvers<ContextType>;
  Customer?: CustomerResolvers<ContextType>;
  CustomerConnection?: CustomerConnectionResolvers<ContextType>;
  CustomerEdge?: CustomerEdgeResolvers<ContextType>;
  CustomerProfile?: CustomerProfileResolvers<ContextType>;
  CustomerSegment?: CustomerSegmentResolvers<ContextType>;
  CustomerSummary?: CustomerSummaryResolvers<ContextType>;
  Dataset?: DatasetResolvers<ContextType>;
  DatasetProgressEvent?: DatasetProgressEventResolvers<ContextType>;
  DatasetScoring?: DatasetScoringResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  EstimatedMetric?: EstimatedMetricResolvers<ContextType>;
  Feature?: FeatureResolvers<ContextType>;
  FeatureImportance?: FeatureImportanceResolvers<ContextType>;
  FeaturePsi?: FeaturePsiResolvers<ContextType>;
  FeatureValue?: FeatureValueResolvers<ContextType>;
  GainCut?: GainCutResolvers<ContextType>;
  Health?: HealthResolvers<ContextType>;
  ImportCellError?: ImportCellErrorResolvers<ContextType>;
  ImportColumn?: ImportColumnResolvers<ContextType>;
  ImportFileColumns?: ImportFileColumnsResolvers<ContextType>;
  ImportPreview?: ImportPreviewResolvers<ContextType>;
  ImportResult?: ImportResultResolvers<ContextType>;
  ImportRuleCount?: ImportRuleCountResolvers<ContextType>;
  ImportSummary?: ImportSummaryResolvers<ContextType>;
  ImportWarning?: ImportWarningResolvers<ContextType>;
  JSON?: GraphQLScalarType;
  LearningPoint?: LearningPointResolvers<ContextType>;
  Metrics?: MetricsResolvers<ContextType>;
  ModelComparison?: ModelComparisonResolvers<ContextType>;
  ModelParams?: ModelParamsResolvers<ContextType>;
  ModelRun?: ModelRunResolvers<ContextType>;
  MonitorAlert?: MonitorAlertResolvers<ContextType>;
  MovedFeature?: MovedFeatureResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  OutOfTimeSplit?: OutOfTimeSplitResolvers<ContextType>;
  PackedBeeswarmSeries?: PackedBeeswarmSeriesResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  PartialDependence?: PartialDependenceResolvers<ContextType>;
  PlanAction?: PlanActionResolvers<ContextType>;
  PlanBatch?: PlanBatchResolvers<ContextType>;
  PlanContent?: PlanContentResolvers<ContextType>;
  PlanEvent?: PlanEventResolvers<ContextType>;
  PredictRiskResult?: PredictRiskResultResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  RealisedQuality?: RealisedQualityResolvers<ContextType>;
  Report?: ReportResolvers<ContextType>;
  RetentionPlan?: RetentionPlanResolvers<ContextType>;
  RetentionPlanConnection?: RetentionPlanConnectionResolvers<ContextType>;
  RetentionPlanEdge?: RetentionPlanEdgeResolvers<ContextType>;
  Risk?: RiskResolvers<ContextType>;
  RiskCounts?: RiskCountsResolvers<ContextType>;
  RiskThresholds?: RiskThresholdsResolvers<ContextType>;
  RunComparison?: RunComparisonResolvers<ContextType>;
  RunEvaluation?: RunEvaluationResolvers<ContextType>;
  ScoreNowResult?: ScoreNowResultResolvers<ContextType>;
  ScoringJob?: ScoringJobResolvers<ContextType>;
  ScoringMonitor?: ScoringMonitorResolvers<ContextType>;
  ScoringRun?: ScoringRunResolvers<ContextType>;
  SegmentDriver?: SegmentDriverResolvers<ContextType>;
  SegmentOverall?: SegmentOverallResolvers<ContextType>;
  SegmentSummary?: SegmentSummaryResolvers<ContextType>;
  ShapContribution?: ShapContributionResolvers<ContextType>;
  ShapDependence?: ShapDependenceResolvers<ContextType>;
  ShapSummary?: ShapSummaryResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  ThresholdPoint?: ThresholdPointResolvers<ContextType>;
  Timings?: TimingsResolvers<ContextType>;
  TrainingEvent?: TrainingEventResolvers<ContextType>;
  User?: UserResolvers<ContextType>;
  Viewer?: ViewerResolvers<ContextType>;
  WeekRecord?: WeekRecordResolvers<ContextType>;
  WhatIfResult?: WhatIfResultResolvers<ContextType>;
};

