/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment AdminUserFields on User {\n    id\n    email\n    role\n    disabled\n    mustChangePassword\n    createdAt\n  }\n": typeof types.AdminUserFieldsFragmentDoc,
    "\n  fragment ApiTokenFields on ApiToken {\n    id\n    name\n    prefix\n    role\n    createdBy\n    createdAt\n    lastUsedAt\n    revokedAt\n  }\n": typeof types.ApiTokenFieldsFragmentDoc,
    "\n  query AdminUsers {\n    viewer {\n      email\n    }\n    users {\n      ...AdminUserFields\n    }\n  }\n": typeof types.AdminUsersDocument,
    "\n  query ApiTokens {\n    apiTokens {\n      ...ApiTokenFields\n    }\n  }\n": typeof types.ApiTokensDocument,
    "\n  query AuditLog($limit: Int!) {\n    auditLog(limit: $limit) {\n      id\n      at\n      actor\n      action\n      target\n    }\n  }\n": typeof types.AuditLogDocument,
    "\n  mutation CreateUser($input: CreateUserInput!) {\n    createUser(input: $input) {\n      ...AdminUserFields\n    }\n  }\n": typeof types.CreateUserDocument,
    "\n  mutation UpdateUser($id: Int!, $input: UpdateUserInput!) {\n    updateUser(id: $id, input: $input) {\n      ...AdminUserFields\n    }\n  }\n": typeof types.UpdateUserDocument,
    "\n  mutation CreateApiToken($input: CreateApiTokenInput!) {\n    createApiToken(input: $input) {\n      token\n      apiToken {\n        ...ApiTokenFields\n      }\n    }\n  }\n": typeof types.CreateApiTokenDocument,
    "\n  mutation RevokeApiToken($id: Int!) {\n    revokeApiToken(id: $id) {\n      ...ApiTokenFields\n    }\n  }\n": typeof types.RevokeApiTokenDocument,
    "\n  query Customers($after: String, $filter: CustomerFilter, $orderBy: CustomerOrder) {\n    customers(first: 20, after: $after, filter: $filter, orderBy: $orderBy) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          customerType\n          riskTolerance\n          assetsLatest\n          probability\n          riskLevel\n          riskRank\n          expectedAssetLoss\n          hasPlan\n          topDrivers {\n            key\n            labelZh\n            labelEn\n            shap\n          }\n        }\n      }\n    }\n  }\n": typeof types.CustomersDocument,
    "\n  query CustomerDetail($id: String!) {\n    customer(id: $id) {\n      id\n      assetsLatest\n      churned\n      profile {\n        customerType\n        riskTolerance\n        age\n        tenureMonths\n        openChannel\n        hasMargin\n        hasAdvisor\n        commissionRate\n        branch\n        maskedName\n        maskedPhone\n      }\n      risk {\n        probability\n        margin\n        level\n        rank\n        expectedAssetLoss\n        lossRank\n        modelRunId\n      }\n      weekly {\n        week\n        logins\n        trades\n        tradeAmount\n        totalAssets\n        netInflow\n        serviceContacts\n        complaints\n        weeklyReturn\n      }\n      features {\n        key\n        labelZh\n        labelEn\n        value\n        display\n      }\n      shapBaseValue\n      shap {\n        key\n        labelZh\n        labelEn\n        value\n        display\n        shap\n      }\n      latestPlan {\n        ...PlanFields\n      }\n    }\n    features {\n      key\n      labelZh\n      labelEn\n      unit\n      categories\n    }\n  }\n": typeof types.CustomerDetailDocument,
    "\n  query WhatIf($customerId: String!, $changes: [FeatureChange!]!) {\n    whatIf(customerId: $customerId, changes: $changes) {\n      probability\n      margin\n      level\n      baseValue\n      shap {\n        key\n        labelZh\n        labelEn\n        value\n        display\n        shap\n      }\n    }\n  }\n": typeof types.WhatIfDocument,
    "\n  mutation RegeneratePlan($customerId: String!) {\n    regeneratePlan(customerId: $customerId) {\n      ...PlanFields\n    }\n  }\n": typeof types.RegeneratePlanDocument,
    "\n  fragment PlanFields on RetentionPlan {\n    id\n    batchId\n    customerId\n    status\n    probability\n    riskLevel\n    priority\n    rawText\n    source\n    llmModel\n    promptVersion\n    complianceStatus\n    complianceIssues {\n      rule\n      message\n      excerpt\n    }\n    error\n    attempts\n    startedAt\n    finishedAt\n    plan {\n      priority\n      riskSummary\n      actions {\n        channel\n        action\n        timing\n      }\n      offer\n      offerStrength\n      script\n      expectedEffect\n      followUp\n    }\n  }\n": typeof types.PlanFieldsFragmentDoc,
    "\n  fragment BatchFields on PlanBatch {\n    id\n    modelRunId\n    status\n    planner\n    llmModel\n    promptVersion\n    total\n    pending\n    running\n    done\n    failed\n    cancelled\n    createdAt\n    finishedAt\n  }\n": typeof types.BatchFieldsFragmentDoc,
    "\n  fragment MetricsFields on Metrics {\n    auc\n    prAuc\n    accuracy\n    precision\n    recall\n    f1\n    logLoss\n    brier\n    threshold\n    oracleAuc\n    oracleRatio\n    testSize\n    trainSize\n    validationSize\n    confusion {\n      tp\n      fp\n      tn\n      fn\n    }\n    roc {\n      x\n      y\n      threshold\n    }\n    pr {\n      x\n      y\n      threshold\n    }\n    calibration {\n      predicted\n      observed\n      count\n    }\n    thresholdSweep {\n      threshold\n      precision\n      recall\n      f1\n      flagged\n    }\n  }\n": typeof types.MetricsFieldsFragmentDoc,
    "\n  fragment RunSummaryFields on ModelRun {\n    id\n    datasetId\n    status\n    phase\n    source\n    isActive\n    currentRound\n    totalRounds\n    bestIteration\n    durationMs\n    error\n    createdAt\n    finishedAt\n  }\n": typeof types.RunSummaryFieldsFragmentDoc,
    "\n  query ModelRuns {\n    modelRuns(limit: 20) {\n      ...RunSummaryFields\n      metrics {\n        auc\n        prAuc\n        recall\n        f1\n      }\n    }\n  }\n": typeof types.ModelRunsDocument,
    "\n  query ModelRunDetail($id: Int!) {\n    modelRun(id: $id) {\n      ...RunSummaryFields\n      params {\n        rounds\n        maxDepth\n        eta\n        subsample\n        colsampleBytree\n        minChildWeight\n        lambda\n        treeMethod\n        earlyStoppingRounds\n        scalePosWeight\n        seed\n      }\n      timings {\n        trainMs\n        evaluateMs\n        shapMs\n        storeMs\n        totalMs\n      }\n      metrics {\n        ...MetricsFields\n      }\n      learningCurve {\n        round\n        trainLogloss\n        validLogloss\n        trainAuc\n        validAuc\n      }\n    }\n  }\n": typeof types.ModelRunDetailDocument,
    "\n  mutation ActivateModel($id: Int!) {\n    activateModel(id: $id) {\n      id\n      isActive\n    }\n  }\n": typeof types.ActivateModelDocument,
    "\n  query Overview {\n    dataset {\n      id\n      name\n      source\n      customerCount\n      weeks\n      churnRate\n      oracleAuc\n      createdAt\n    }\n    activeModel {\n      ...RunSummaryFields\n      metrics {\n        auc\n        recall\n        precision\n        f1\n        threshold\n        oracleAuc\n        oracleRatio\n      }\n    }\n    riskCounts {\n      high\n      medium\n      low\n      expectedAssetLoss\n      histogram\n      thresholds {\n        high\n        medium\n      }\n    }\n    modelRuns(limit: 1) {\n      ...RunSummaryFields\n    }\n    planBatches(limit: 1) {\n      ...BatchFields\n    }\n  }\n": typeof types.OverviewDocument,
    "\n  mutation GenerateDataset($input: GenerateDatasetInput) {\n    generateDataset(input: $input) {\n      id\n      customerCount\n      churnRate\n      oracleAuc\n    }\n  }\n": typeof types.GenerateDatasetDocument,
    "\n  mutation PredictRisk($input: PredictRiskInput!) {\n    predictRisk(input: $input) {\n      scoredCount\n      highRiskCount\n      batch {\n        ...BatchFields\n      }\n    }\n  }\n": typeof types.PredictRiskDocument,
    "\n  query PlanBatches {\n    planBatches(limit: 20) {\n      ...BatchFields\n    }\n  }\n": typeof types.PlanBatchesDocument,
    "\n  query RetentionPlans($batchId: Int, $priority: PlanPriority, $status: PlanStatus, $after: String) {\n    retentionPlans(batchId: $batchId, priority: $priority, status: $status, first: 20, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          ...PlanFields\n        }\n      }\n    }\n  }\n": typeof types.RetentionPlansDocument,
    "\n  query Report {\n    report {\n      markdown\n      html\n      source\n      generatedAt\n    }\n  }\n": typeof types.ReportDocument,
    "\n  mutation GenerateReport {\n    generateReport {\n      markdown\n      html\n      source\n      generatedAt\n    }\n  }\n": typeof types.GenerateReportDocument,
    "\n  mutation CancelPlanBatch($id: Int!) {\n    cancelPlanBatch(id: $id) {\n      ...BatchFields\n    }\n  }\n": typeof types.CancelPlanBatchDocument,
    "\n  subscription PlanProgress($batchId: Int!) {\n    planProgress(batchId: $batchId) {\n      batchId\n      kind\n      customerId\n      delta\n      batch {\n        ...BatchFields\n      }\n      plan {\n        ...PlanFields\n      }\n      plans {\n        ...PlanFields\n      }\n    }\n  }\n": typeof types.PlanProgressDocument,
    "\n  query ShapSummary($sampleSize: Int) {\n    shapSummary(sampleSize: $sampleSize) {\n      modelRunId\n      baseValue\n      sampleSize\n      importance {\n        key\n        labelZh\n        labelEn\n        meanAbsShap\n      }\n      beeswarm {\n        key\n        labelZh\n        labelEn\n        shap\n        normalizedValue\n      }\n    }\n    features {\n      key\n      labelZh\n      labelEn\n      unit\n      categories\n    }\n  }\n": typeof types.ShapSummaryDocument,
    "\n  query ShapDependence($feature: String!, $sampleSize: Int) {\n    shapDependence(feature: $feature, sampleSize: $sampleSize) {\n      key\n      labelZh\n      values\n      shap\n      interactionKey\n      interactionLabelZh\n      interactionValues\n    }\n  }\n": typeof types.ShapDependenceDocument,
    "\n  mutation TrainModel($input: TrainModelInput) {\n    trainModel(input: $input) {\n      ...RunSummaryFields\n    }\n  }\n": typeof types.TrainModelDocument,
    "\n  subscription TrainingProgress($runId: Int!) {\n    trainingProgress(runId: $runId) {\n      runId\n      status\n      phase\n      round\n      totalRounds\n      message\n      error\n      latest {\n        round\n        trainLogloss\n        validLogloss\n        trainAuc\n        validAuc\n      }\n      run {\n        ...RunSummaryFields\n        learningCurve {\n          round\n          trainLogloss\n          validLogloss\n          trainAuc\n          validAuc\n        }\n      }\n    }\n  }\n": typeof types.TrainingProgressDocument,
    "\n  query Viewer {\n    viewer {\n      email\n      role\n      mustChangePassword\n    }\n  }\n": typeof types.ViewerDocument,
    "\n  mutation ChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input) {\n      email\n      mustChangePassword\n    }\n  }\n": typeof types.ChangePasswordDocument,
    "\n  mutation BenchToken {\n    createApiToken(input: { name: \"bench\", role: ADMIN }) {\n      token\n    }\n  }\n": typeof types.BenchTokenDocument,
    "\n  mutation BenchGenerate {\n    generateDataset(input: { nCustomers: 3000, nWeeks: 12, seed: 42 }) {\n      id\n    }\n  }\n": typeof types.BenchGenerateDocument,
    "\n  mutation BenchTrain {\n    trainModel {\n      id\n    }\n  }\n": typeof types.BenchTrainDocument,
    "\n  query BenchRun($id: Int!) {\n    modelRun(id: $id) {\n      status\n    }\n  }\n": typeof types.BenchRunDocument,
    "\n  query BenchPage {\n    customers(first: 20, orderBy: RISK_DESC) {\n      totalCount\n      edges {\n        node {\n          id\n          probability\n          riskLevel\n          expectedAssetLoss\n          topDrivers {\n            key\n            shap\n          }\n        }\n      }\n    }\n  }\n": typeof types.BenchPageDocument,
    "\n  query BenchDetail($id: String!) {\n    customer(id: $id) {\n      id\n      risk {\n        probability\n      }\n      weekly {\n        week\n        logins\n        trades\n        totalAssets\n      }\n      shap {\n        key\n        shap\n      }\n      latestPlan {\n        status\n      }\n    }\n  }\n": typeof types.BenchDetailDocument,
    "\n  mutation ExampleTrain {\n    trainModel(input: { rounds: 200 }) {\n      id\n      status\n    }\n  }\n": typeof types.ExampleTrainDocument,
    "\n  subscription ExampleTraining($runId: Int!) {\n    trainingProgress(runId: $runId) {\n      status\n      phase\n      round\n      totalRounds\n      run {\n        metrics {\n          auc\n          recall\n          f1\n        }\n      }\n      error\n    }\n  }\n": typeof types.ExampleTrainingDocument,
    "\n  mutation ExamplePredict($topK: Int!) {\n    predictRisk(input: { topK: $topK }) {\n      scoredCount\n      highRiskCount\n      batch {\n        id\n        total\n      }\n    }\n  }\n": typeof types.ExamplePredictDocument,
    "\n  subscription ExamplePlans($batchId: Int!) {\n    planProgress(batchId: $batchId) {\n      kind\n      customerId\n      plan {\n        customerId\n        status\n        priority\n        plan {\n          riskSummary\n        }\n      }\n      plans {\n        customerId\n        status\n        priority\n        plan {\n          riskSummary\n        }\n      }\n      batch {\n        status\n        done\n        failed\n        total\n      }\n    }\n  }\n": typeof types.ExamplePlansDocument,
    "\n  mutation ApiTestCreateToken($name: String!, $role: Role!) {\n    createApiToken(input: { name: $name, role: $role }) {\n      token\n      apiToken {\n        id\n        role\n      }\n    }\n  }\n": typeof types.ApiTestCreateTokenDocument,
    "\n  mutation ApiTestGenerate($n: Int!) {\n    generateDataset(input: { nCustomers: $n, nWeeks: 12, seed: 7 }) {\n      id\n      customerCount\n      churnRate\n      oracleAuc\n    }\n  }\n": typeof types.ApiTestGenerateDocument,
    "\n  mutation ApiTestTrain($rounds: Int) {\n    trainModel(input: { rounds: $rounds }) {\n      id\n      status\n    }\n  }\n": typeof types.ApiTestTrainDocument,
    "\n  subscription ApiTestTrainingProgress($runId: Int!) {\n    trainingProgress(runId: $runId) {\n      runId\n      status\n      phase\n      round\n      totalRounds\n      latest {\n        round\n        validLogloss\n      }\n      run {\n        id\n        status\n        metrics {\n          auc\n          f1\n          oracleAuc\n        }\n      }\n    }\n  }\n": typeof types.ApiTestTrainingProgressDocument,
    "\n  query ApiTestCustomers($first: Int, $after: String, $filter: CustomerFilter, $orderBy: CustomerOrder) {\n    customers(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          probability\n          riskLevel\n          riskRank\n          expectedAssetLoss\n          topDrivers {\n            key\n            labelZh\n            shap\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.ApiTestCustomersDocument,
    "\n  query ApiTestCustomerDetail($id: String!) {\n    customer(id: $id) {\n      id\n      profile {\n        maskedName\n        maskedPhone\n        customerType\n      }\n      risk {\n        probability\n        margin\n        level\n      }\n      weekly {\n        week\n        logins\n      }\n      features {\n        key\n        value\n      }\n      shapBaseValue\n      shap {\n        key\n        labelZh\n        shap\n      }\n    }\n  }\n": typeof types.ApiTestCustomerDetailDocument,
    "\n  mutation ApiTestPredict($topK: Int) {\n    predictRisk(input: { topK: $topK }) {\n      scoredCount\n      highRiskCount\n      highRisk {\n        id\n        probability\n      }\n      batch {\n        id\n        total\n        status\n      }\n    }\n  }\n": typeof types.ApiTestPredictDocument,
    "\n  subscription ApiTestPlanProgress($batchId: Int!) {\n    planProgress(batchId: $batchId) {\n      batchId\n      kind\n      customerId\n      delta\n      plan {\n        customerId\n        status\n        source\n        plan {\n          priority\n          riskSummary\n        }\n      }\n      batch {\n        id\n        status\n        total\n        done\n        failed\n      }\n      plans {\n        customerId\n        status\n      }\n    }\n  }\n": typeof types.ApiTestPlanProgressDocument,
    "\n  query ApiTestOverview {\n    dataset {\n      customerCount\n    }\n    activeModel {\n      id\n      metrics {\n        auc\n      }\n    }\n    riskCounts {\n      high\n      medium\n      low\n      histogram\n    }\n    shapSummary(sampleSize: 200) {\n      baseValue\n      importance {\n        key\n        meanAbsShap\n      }\n      beeswarm {\n        key\n        shap\n      }\n    }\n    shapDependence(feature: \"days_since_last_login\") {\n      key\n      values\n      interactionKey\n    }\n  }\n": typeof types.ApiTestOverviewDocument,
    "\n  mutation ImportTestToken {\n    createApiToken(input: { name: \"import\", role: ADMIN }) {\n      token\n    }\n  }\n": typeof types.ImportTestTokenDocument,
    "\n  query ImportTestState {\n    dataset {\n      id\n      source\n      customerCount\n    }\n    activeModel {\n      id\n      source\n    }\n    customers(first: 3, orderBy: ID_ASC) {\n      edges {\n        node {\n          id\n          probability\n        }\n      }\n    }\n  }\n": typeof types.ImportTestStateDocument,
    "\n  mutation ImportTestTrain {\n    trainModel(input: { rounds: 60 }) {\n      id\n    }\n  }\n": typeof types.ImportTestTrainDocument,
    "\n  query ImportTestRun($id: Int!) {\n    modelRun(id: $id) {\n      status\n    }\n  }\n": typeof types.ImportTestRunDocument,
    "\n  mutation ExampleSetupToken {\n    createApiToken(input: { name: \"example\", role: ADMIN }) {\n      token\n    }\n  }\n": typeof types.ExampleSetupTokenDocument,
    "\n  mutation ExampleSetupData {\n    generateDataset(input: { nCustomers: 800, seed: 3 }) {\n      id\n    }\n  }\n": typeof types.ExampleSetupDataDocument,
};
const documents: Documents = {
    "\n  fragment AdminUserFields on User {\n    id\n    email\n    role\n    disabled\n    mustChangePassword\n    createdAt\n  }\n": types.AdminUserFieldsFragmentDoc,
    "\n  fragment ApiTokenFields on ApiToken {\n    id\n    name\n    prefix\n    role\n    createdBy\n    createdAt\n    lastUsedAt\n    revokedAt\n  }\n": types.ApiTokenFieldsFragmentDoc,
    "\n  query AdminUsers {\n    viewer {\n      email\n    }\n    users {\n      ...AdminUserFields\n    }\n  }\n": types.AdminUsersDocument,
    "\n  query ApiTokens {\n    apiTokens {\n      ...ApiTokenFields\n    }\n  }\n": types.ApiTokensDocument,
    "\n  query AuditLog($limit: Int!) {\n    auditLog(limit: $limit) {\n      id\n      at\n      actor\n      action\n      target\n    }\n  }\n": types.AuditLogDocument,
    "\n  mutation CreateUser($input: CreateUserInput!) {\n    createUser(input: $input) {\n      ...AdminUserFields\n    }\n  }\n": types.CreateUserDocument,
    "\n  mutation UpdateUser($id: Int!, $input: UpdateUserInput!) {\n    updateUser(id: $id, input: $input) {\n      ...AdminUserFields\n    }\n  }\n": types.UpdateUserDocument,
    "\n  mutation CreateApiToken($input: CreateApiTokenInput!) {\n    createApiToken(input: $input) {\n      token\n      apiToken {\n        ...ApiTokenFields\n      }\n    }\n  }\n": types.CreateApiTokenDocument,
    "\n  mutation RevokeApiToken($id: Int!) {\n    revokeApiToken(id: $id) {\n      ...ApiTokenFields\n    }\n  }\n": types.RevokeApiTokenDocument,
    "\n  query Customers($after: String, $filter: CustomerFilter, $orderBy: CustomerOrder) {\n    customers(first: 20, after: $after, filter: $filter, orderBy: $orderBy) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          customerType\n          riskTolerance\n          assetsLatest\n          probability\n          riskLevel\n          riskRank\n          expectedAssetLoss\n          hasPlan\n          topDrivers {\n            key\n            labelZh\n            labelEn\n            shap\n          }\n        }\n      }\n    }\n  }\n": types.CustomersDocument,
    "\n  query CustomerDetail($id: String!) {\n    customer(id: $id) {\n      id\n      assetsLatest\n      churned\n      profile {\n        customerType\n        riskTolerance\n        age\n        tenureMonths\n        openChannel\n        hasMargin\n        hasAdvisor\n        commissionRate\n        branch\n        maskedName\n        maskedPhone\n      }\n      risk {\n        probability\n        margin\n        level\n        rank\n        expectedAssetLoss\n        lossRank\n        modelRunId\n      }\n      weekly {\n        week\n        logins\n        trades\n        tradeAmount\n        totalAssets\n        netInflow\n        serviceContacts\n        complaints\n        weeklyReturn\n      }\n      features {\n        key\n        labelZh\n        labelEn\n        value\n        display\n      }\n      shapBaseValue\n      shap {\n        key\n        labelZh\n        labelEn\n        value\n        display\n        shap\n      }\n      latestPlan {\n        ...PlanFields\n      }\n    }\n    features {\n      key\n      labelZh\n      labelEn\n      unit\n      categories\n    }\n  }\n": types.CustomerDetailDocument,
    "\n  query WhatIf($customerId: String!, $changes: [FeatureChange!]!) {\n    whatIf(customerId: $customerId, changes: $changes) {\n      probability\n      margin\n      level\n      baseValue\n      shap {\n        key\n        labelZh\n        labelEn\n        value\n        display\n        shap\n      }\n    }\n  }\n": types.WhatIfDocument,
    "\n  mutation RegeneratePlan($customerId: String!) {\n    regeneratePlan(customerId: $customerId) {\n      ...PlanFields\n    }\n  }\n": types.RegeneratePlanDocument,
    "\n  fragment PlanFields on RetentionPlan {\n    id\n    batchId\n    customerId\n    status\n    probability\n    riskLevel\n    priority\n    rawText\n    source\n    llmModel\n    promptVersion\n    complianceStatus\n    complianceIssues {\n      rule\n      message\n      excerpt\n    }\n    error\n    attempts\n    startedAt\n    finishedAt\n    plan {\n      priority\n      riskSummary\n      actions {\n        channel\n        action\n        timing\n      }\n      offer\n      offerStrength\n      script\n      expectedEffect\n      followUp\n    }\n  }\n": types.PlanFieldsFragmentDoc,
    "\n  fragment BatchFields on PlanBatch {\n    id\n    modelRunId\n    status\n    planner\n    llmModel\n    promptVersion\n    total\n    pending\n    running\n    done\n    failed\n    cancelled\n    createdAt\n    finishedAt\n  }\n": types.BatchFieldsFragmentDoc,
    "\n  fragment MetricsFields on Metrics {\n    auc\n    prAuc\n    accuracy\n    precision\n    recall\n    f1\n    logLoss\n    brier\n    threshold\n    oracleAuc\n    oracleRatio\n    testSize\n    trainSize\n    validationSize\n    confusion {\n      tp\n      fp\n      tn\n      fn\n    }\n    roc {\n      x\n      y\n      threshold\n    }\n    pr {\n      x\n      y\n      threshold\n    }\n    calibration {\n      predicted\n      observed\n      count\n    }\n    thresholdSweep {\n      threshold\n      precision\n      recall\n      f1\n      flagged\n    }\n  }\n": types.MetricsFieldsFragmentDoc,
    "\n  fragment RunSummaryFields on ModelRun {\n    id\n    datasetId\n    status\n    phase\n    source\n    isActive\n    currentRound\n    totalRounds\n    bestIteration\n    durationMs\n    error\n    createdAt\n    finishedAt\n  }\n": types.RunSummaryFieldsFragmentDoc,
    "\n  query ModelRuns {\n    modelRuns(limit: 20) {\n      ...RunSummaryFields\n      metrics {\n        auc\n        prAuc\n        recall\n        f1\n      }\n    }\n  }\n": types.ModelRunsDocument,
    "\n  query ModelRunDetail($id: Int!) {\n    modelRun(id: $id) {\n      ...RunSummaryFields\n      params {\n        rounds\n        maxDepth\n        eta\n        subsample\n        colsampleBytree\n        minChildWeight\n        lambda\n        treeMethod\n        earlyStoppingRounds\n        scalePosWeight\n        seed\n      }\n      timings {\n        trainMs\n        evaluateMs\n        shapMs\n        storeMs\n        totalMs\n      }\n      metrics {\n        ...MetricsFields\n      }\n      learningCurve {\n        round\n        trainLogloss\n        validLogloss\n        trainAuc\n        validAuc\n      }\n    }\n  }\n": types.ModelRunDetailDocument,
    "\n  mutation ActivateModel($id: Int!) {\n    activateModel(id: $id) {\n      id\n      isActive\n    }\n  }\n": types.ActivateModelDocument,
    "\n  query Overview {\n    dataset {\n      id\n      name\n      source\n      customerCount\n      weeks\n      churnRate\n      oracleAuc\n      createdAt\n    }\n    activeModel {\n      ...RunSummaryFields\n      metrics {\n        auc\n        recall\n        precision\n        f1\n        threshold\n        oracleAuc\n        oracleRatio\n      }\n    }\n    riskCounts {\n      high\n      medium\n      low\n      expectedAssetLoss\n      histogram\n      thresholds {\n        high\n        medium\n      }\n    }\n    modelRuns(limit: 1) {\n      ...RunSummaryFields\n    }\n    planBatches(limit: 1) {\n      ...BatchFields\n    }\n  }\n": types.OverviewDocument,
    "\n  mutation GenerateDataset($input: GenerateDatasetInput) {\n    generateDataset(input: $input) {\n      id\n      customerCount\n      churnRate\n      oracleAuc\n    }\n  }\n": types.GenerateDatasetDocument,
    "\n  mutation PredictRisk($input: PredictRiskInput!) {\n    predictRisk(input: $input) {\n      scoredCount\n      highRiskCount\n      batch {\n        ...BatchFields\n      }\n    }\n  }\n": types.PredictRiskDocument,
    "\n  query PlanBatches {\n    planBatches(limit: 20) {\n      ...BatchFields\n    }\n  }\n": types.PlanBatchesDocument,
    "\n  query RetentionPlans($batchId: Int, $priority: PlanPriority, $status: PlanStatus, $after: String) {\n    retentionPlans(batchId: $batchId, priority: $priority, status: $status, first: 20, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          ...PlanFields\n        }\n      }\n    }\n  }\n": types.RetentionPlansDocument,
    "\n  query Report {\n    report {\n      markdown\n      html\n      source\n      generatedAt\n    }\n  }\n": types.ReportDocument,
    "\n  mutation GenerateReport {\n    generateReport {\n      markdown\n      html\n      source\n      generatedAt\n    }\n  }\n": types.GenerateReportDocument,
    "\n  mutation CancelPlanBatch($id: Int!) {\n    cancelPlanBatch(id: $id) {\n      ...BatchFields\n    }\n  }\n": types.CancelPlanBatchDocument,
    "\n  subscription PlanProgress($batchId: Int!) {\n    planProgress(batchId: $batchId) {\n      batchId\n      kind\n      customerId\n      delta\n      batch {\n        ...BatchFields\n      }\n      plan {\n        ...PlanFields\n      }\n      plans {\n        ...PlanFields\n      }\n    }\n  }\n": types.PlanProgressDocument,
    "\n  query ShapSummary($sampleSize: Int) {\n    shapSummary(sampleSize: $sampleSize) {\n      modelRunId\n      baseValue\n      sampleSize\n      importance {\n        key\n        labelZh\n        labelEn\n        meanAbsShap\n      }\n      beeswarm {\n        key\n        labelZh\n        labelEn\n        shap\n        normalizedValue\n      }\n    }\n    features {\n      key\n      labelZh\n      labelEn\n      unit\n      categories\n    }\n  }\n": types.ShapSummaryDocument,
    "\n  query ShapDependence($feature: String!, $sampleSize: Int) {\n    shapDependence(feature: $feature, sampleSize: $sampleSize) {\n      key\n      labelZh\n      values\n      shap\n      interactionKey\n      interactionLabelZh\n      interactionValues\n    }\n  }\n": types.ShapDependenceDocument,
    "\n  mutation TrainModel($input: TrainModelInput) {\n    trainModel(input: $input) {\n      ...RunSummaryFields\n    }\n  }\n": types.TrainModelDocument,
    "\n  subscription TrainingProgress($runId: Int!) {\n    trainingProgress(runId: $runId) {\n      runId\n      status\n      phase\n      round\n      totalRounds\n      message\n      error\n      latest {\n        round\n        trainLogloss\n        validLogloss\n        trainAuc\n        validAuc\n      }\n      run {\n        ...RunSummaryFields\n        learningCurve {\n          round\n          trainLogloss\n          validLogloss\n          trainAuc\n          validAuc\n        }\n      }\n    }\n  }\n": types.TrainingProgressDocument,
    "\n  query Viewer {\n    viewer {\n      email\n      role\n      mustChangePassword\n    }\n  }\n": types.ViewerDocument,
    "\n  mutation ChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input) {\n      email\n      mustChangePassword\n    }\n  }\n": types.ChangePasswordDocument,
    "\n  mutation BenchToken {\n    createApiToken(input: { name: \"bench\", role: ADMIN }) {\n      token\n    }\n  }\n": types.BenchTokenDocument,
    "\n  mutation BenchGenerate {\n    generateDataset(input: { nCustomers: 3000, nWeeks: 12, seed: 42 }) {\n      id\n    }\n  }\n": types.BenchGenerateDocument,
    "\n  mutation BenchTrain {\n    trainModel {\n      id\n    }\n  }\n": types.BenchTrainDocument,
    "\n  query BenchRun($id: Int!) {\n    modelRun(id: $id) {\n      status\n    }\n  }\n": types.BenchRunDocument,
    "\n  query BenchPage {\n    customers(first: 20, orderBy: RISK_DESC) {\n      totalCount\n      edges {\n        node {\n          id\n          probability\n          riskLevel\n          expectedAssetLoss\n          topDrivers {\n            key\n            shap\n          }\n        }\n      }\n    }\n  }\n": types.BenchPageDocument,
    "\n  query BenchDetail($id: String!) {\n    customer(id: $id) {\n      id\n      risk {\n        probability\n      }\n      weekly {\n        week\n        logins\n        trades\n        totalAssets\n      }\n      shap {\n        key\n        shap\n      }\n      latestPlan {\n        status\n      }\n    }\n  }\n": types.BenchDetailDocument,
    "\n  mutation ExampleTrain {\n    trainModel(input: { rounds: 200 }) {\n      id\n      status\n    }\n  }\n": types.ExampleTrainDocument,
    "\n  subscription ExampleTraining($runId: Int!) {\n    trainingProgress(runId: $runId) {\n      status\n      phase\n      round\n      totalRounds\n      run {\n        metrics {\n          auc\n          recall\n          f1\n        }\n      }\n      error\n    }\n  }\n": types.ExampleTrainingDocument,
    "\n  mutation ExamplePredict($topK: Int!) {\n    predictRisk(input: { topK: $topK }) {\n      scoredCount\n      highRiskCount\n      batch {\n        id\n        total\n      }\n    }\n  }\n": types.ExamplePredictDocument,
    "\n  subscription ExamplePlans($batchId: Int!) {\n    planProgress(batchId: $batchId) {\n      kind\n      customerId\n      plan {\n        customerId\n        status\n        priority\n        plan {\n          riskSummary\n        }\n      }\n      plans {\n        customerId\n        status\n        priority\n        plan {\n          riskSummary\n        }\n      }\n      batch {\n        status\n        done\n        failed\n        total\n      }\n    }\n  }\n": types.ExamplePlansDocument,
    "\n  mutation ApiTestCreateToken($name: String!, $role: Role!) {\n    createApiToken(input: { name: $name, role: $role }) {\n      token\n      apiToken {\n        id\n        role\n      }\n    }\n  }\n": types.ApiTestCreateTokenDocument,
    "\n  mutation ApiTestGenerate($n: Int!) {\n    generateDataset(input: { nCustomers: $n, nWeeks: 12, seed: 7 }) {\n      id\n      customerCount\n      churnRate\n      oracleAuc\n    }\n  }\n": types.ApiTestGenerateDocument,
    "\n  mutation ApiTestTrain($rounds: Int) {\n    trainModel(input: { rounds: $rounds }) {\n      id\n      status\n    }\n  }\n": types.ApiTestTrainDocument,
    "\n  subscription ApiTestTrainingProgress($runId: Int!) {\n    trainingProgress(runId: $runId) {\n      runId\n      status\n      phase\n      round\n      totalRounds\n      latest {\n        round\n        validLogloss\n      }\n      run {\n        id\n        status\n        metrics {\n          auc\n          f1\n          oracleAuc\n        }\n      }\n    }\n  }\n": types.ApiTestTrainingProgressDocument,
    "\n  query ApiTestCustomers($first: Int, $after: String, $filter: CustomerFilter, $orderBy: CustomerOrder) {\n    customers(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          probability\n          riskLevel\n          riskRank\n          expectedAssetLoss\n          topDrivers {\n            key\n            labelZh\n            shap\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.ApiTestCustomersDocument,
    "\n  query ApiTestCustomerDetail($id: String!) {\n    customer(id: $id) {\n      id\n      profile {\n        maskedName\n        maskedPhone\n        customerType\n      }\n      risk {\n        probability\n        margin\n        level\n      }\n      weekly {\n        week\n        logins\n      }\n      features {\n        key\n        value\n      }\n      shapBaseValue\n      shap {\n        key\n        labelZh\n        shap\n      }\n    }\n  }\n": types.ApiTestCustomerDetailDocument,
    "\n  mutation ApiTestPredict($topK: Int) {\n    predictRisk(input: { topK: $topK }) {\n      scoredCount\n      highRiskCount\n      highRisk {\n        id\n        probability\n      }\n      batch {\n        id\n        total\n        status\n      }\n    }\n  }\n": types.ApiTestPredictDocument,
    "\n  subscription ApiTestPlanProgress($batchId: Int!) {\n    planProgress(batchId: $batchId) {\n      batchId\n      kind\n      customerId\n      delta\n      plan {\n        customerId\n        status\n        source\n        plan {\n          priority\n          riskSummary\n        }\n      }\n      batch {\n        id\n        status\n        total\n        done\n        failed\n      }\n      plans {\n        customerId\n        status\n      }\n    }\n  }\n": types.ApiTestPlanProgressDocument,
    "\n  query ApiTestOverview {\n    dataset {\n      customerCount\n    }\n    activeModel {\n      id\n      metrics {\n        auc\n      }\n    }\n    riskCounts {\n      high\n      medium\n      low\n      histogram\n    }\n    shapSummary(sampleSize: 200) {\n      baseValue\n      importance {\n        key\n        meanAbsShap\n      }\n      beeswarm {\n        key\n        shap\n      }\n    }\n    shapDependence(feature: \"days_since_last_login\") {\n      key\n      values\n      interactionKey\n    }\n  }\n": types.ApiTestOverviewDocument,
    "\n  mutation ImportTestToken {\n    createApiToken(input: { name: \"import\", role: ADMIN }) {\n      token\n    }\n  }\n": types.ImportTestTokenDocument,
    "\n  query ImportTestState {\n    dataset {\n      id\n      source\n      customerCount\n    }\n    activeModel {\n      id\n      source\n    }\n    customers(first: 3, orderBy: ID_ASC) {\n      edges {\n        node {\n          id\n          probability\n        }\n      }\n    }\n  }\n": types.ImportTestStateDocument,
    "\n  mutation ImportTestTrain {\n    trainModel(input: { rounds: 60 }) {\n      id\n    }\n  }\n": types.ImportTestTrainDocument,
    "\n  query ImportTestRun($id: Int!) {\n    modelRun(id: $id) {\n      status\n    }\n  }\n": types.ImportTestRunDocument,
    "\n  mutation ExampleSetupToken {\n    createApiToken(input: { name: \"example\", role: ADMIN }) {\n      token\n    }\n  }\n": types.ExampleSetupTokenDocument,
    "\n  mutation ExampleSetupData {\n    generateDataset(input: { nCustomers: 800, seed: 3 }) {\n      id\n    }\n  }\n": types.ExampleSetupDataDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AdminUserFields on User {\n    id\n    email\n    role\n    disabled\n    mustChangePassword\n    createdAt\n  }\n"): (typeof documents)["\n  fragment AdminUserFields on User {\n    id\n    email\n    role\n    disabled\n    mustChangePassword\n    createdAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ApiTokenFields on ApiToken {\n    id\n    name\n    prefix\n    role\n    createdBy\n    createdAt\n    lastUsedAt\n    revokedAt\n  }\n"): (typeof documents)["\n  fragment ApiTokenFields on ApiToken {\n    id\n    name\n    prefix\n    role\n    createdBy\n    createdAt\n    lastUsedAt\n    revokedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminUsers {\n    viewer {\n      email\n    }\n    users {\n      ...AdminUserFields\n    }\n  }\n"): (typeof documents)["\n  query AdminUsers {\n    viewer {\n      email\n    }\n    users {\n      ...AdminUserFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ApiTokens {\n    apiTokens {\n      ...ApiTokenFields\n    }\n  }\n"): (typeof documents)["\n  query ApiTokens {\n    apiTokens {\n      ...ApiTokenFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditLog($limit: Int!) {\n    auditLog(limit: $limit) {\n      id\n      at\n      actor\n      action\n      target\n    }\n  }\n"): (typeof documents)["\n  query AuditLog($limit: Int!) {\n    auditLog(limit: $limit) {\n      id\n      at\n      actor\n      action\n      target\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateUser($input: CreateUserInput!) {\n    createUser(input: $input) {\n      ...AdminUserFields\n    }\n  }\n"): (typeof documents)["\n  mutation CreateUser($input: CreateUserInput!) {\n    createUser(input: $input) {\n      ...AdminUserFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateUser($id: Int!, $input: UpdateUserInput!) {\n    updateUser(id: $id, input: $input) {\n      ...AdminUserFields\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateUser($id: Int!, $input: UpdateUserInput!) {\n    updateUser(id: $id, input: $input) {\n      ...AdminUserFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateApiToken($input: CreateApiTokenInput!) {\n    createApiToken(input: $input) {\n      token\n      apiToken {\n        ...ApiTokenFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateApiToken($input: CreateApiTokenInput!) {\n    createApiToken(input: $input) {\n      token\n      apiToken {\n        ...ApiTokenFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeApiToken($id: Int!) {\n    revokeApiToken(id: $id) {\n      ...ApiTokenFields\n    }\n  }\n"): (typeof documents)["\n  mutation RevokeApiToken($id: Int!) {\n    revokeApiToken(id: $id) {\n      ...ApiTokenFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Customers($after: String, $filter: CustomerFilter, $orderBy: CustomerOrder) {\n    customers(first: 20, after: $after, filter: $filter, orderBy: $orderBy) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          customerType\n          riskTolerance\n          assetsLatest\n          probability\n          riskLevel\n          riskRank\n          expectedAssetLoss\n          hasPlan\n          topDrivers {\n            key\n            labelZh\n            labelEn\n            shap\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Customers($after: String, $filter: CustomerFilter, $orderBy: CustomerOrder) {\n    customers(first: 20, after: $after, filter: $filter, orderBy: $orderBy) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          customerType\n          riskTolerance\n          assetsLatest\n          probability\n          riskLevel\n          riskRank\n          expectedAssetLoss\n          hasPlan\n          topDrivers {\n            key\n            labelZh\n            labelEn\n            shap\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomerDetail($id: String!) {\n    customer(id: $id) {\n      id\n      assetsLatest\n      churned\n      profile {\n        customerType\n        riskTolerance\n        age\n        tenureMonths\n        openChannel\n        hasMargin\n        hasAdvisor\n        commissionRate\n        branch\n        maskedName\n        maskedPhone\n      }\n      risk {\n        probability\n        margin\n        level\n        rank\n        expectedAssetLoss\n        lossRank\n        modelRunId\n      }\n      weekly {\n        week\n        logins\n        trades\n        tradeAmount\n        totalAssets\n        netInflow\n        serviceContacts\n        complaints\n        weeklyReturn\n      }\n      features {\n        key\n        labelZh\n        labelEn\n        value\n        display\n      }\n      shapBaseValue\n      shap {\n        key\n        labelZh\n        labelEn\n        value\n        display\n        shap\n      }\n      latestPlan {\n        ...PlanFields\n      }\n    }\n    features {\n      key\n      labelZh\n      labelEn\n      unit\n      categories\n    }\n  }\n"): (typeof documents)["\n  query CustomerDetail($id: String!) {\n    customer(id: $id) {\n      id\n      assetsLatest\n      churned\n      profile {\n        customerType\n        riskTolerance\n        age\n        tenureMonths\n        openChannel\n        hasMargin\n        hasAdvisor\n        commissionRate\n        branch\n        maskedName\n        maskedPhone\n      }\n      risk {\n        probability\n        margin\n        level\n        rank\n        expectedAssetLoss\n        lossRank\n        modelRunId\n      }\n      weekly {\n        week\n        logins\n        trades\n        tradeAmount\n        totalAssets\n        netInflow\n        serviceContacts\n        complaints\n        weeklyReturn\n      }\n      features {\n        key\n        labelZh\n        labelEn\n        value\n        display\n      }\n      shapBaseValue\n      shap {\n        key\n        labelZh\n        labelEn\n        value\n        display\n        shap\n      }\n      latestPlan {\n        ...PlanFields\n      }\n    }\n    features {\n      key\n      labelZh\n      labelEn\n      unit\n      categories\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WhatIf($customerId: String!, $changes: [FeatureChange!]!) {\n    whatIf(customerId: $customerId, changes: $changes) {\n      probability\n      margin\n      level\n      baseValue\n      shap {\n        key\n        labelZh\n        labelEn\n        value\n        display\n        shap\n      }\n    }\n  }\n"): (typeof documents)["\n  query WhatIf($customerId: String!, $changes: [FeatureChange!]!) {\n    whatIf(customerId: $customerId, changes: $changes) {\n      probability\n      margin\n      level\n      baseValue\n      shap {\n        key\n        labelZh\n        labelEn\n        value\n        display\n        shap\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RegeneratePlan($customerId: String!) {\n    regeneratePlan(customerId: $customerId) {\n      ...PlanFields\n    }\n  }\n"): (typeof documents)["\n  mutation RegeneratePlan($customerId: String!) {\n    regeneratePlan(customerId: $customerId) {\n      ...PlanFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PlanFields on RetentionPlan {\n    id\n    batchId\n    customerId\n    status\n    probability\n    riskLevel\n    priority\n    rawText\n    source\n    llmModel\n    promptVersion\n    complianceStatus\n    complianceIssues {\n      rule\n      message\n      excerpt\n    }\n    error\n    attempts\n    startedAt\n    finishedAt\n    plan {\n      priority\n      riskSummary\n      actions {\n        channel\n        action\n        timing\n      }\n      offer\n      offerStrength\n      script\n      expectedEffect\n      followUp\n    }\n  }\n"): (typeof documents)["\n  fragment PlanFields on RetentionPlan {\n    id\n    batchId\n    customerId\n    status\n    probability\n    riskLevel\n    priority\n    rawText\n    source\n    llmModel\n    promptVersion\n    complianceStatus\n    complianceIssues {\n      rule\n      message\n      excerpt\n    }\n    error\n    attempts\n    startedAt\n    finishedAt\n    plan {\n      priority\n      riskSummary\n      actions {\n        channel\n        action\n        timing\n      }\n      offer\n      offerStrength\n      script\n      expectedEffect\n      followUp\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment BatchFields on PlanBatch {\n    id\n    modelRunId\n    status\n    planner\n    llmModel\n    promptVersion\n    total\n    pending\n    running\n    done\n    failed\n    cancelled\n    createdAt\n    finishedAt\n  }\n"): (typeof documents)["\n  fragment BatchFields on PlanBatch {\n    id\n    modelRunId\n    status\n    planner\n    llmModel\n    promptVersion\n    total\n    pending\n    running\n    done\n    failed\n    cancelled\n    createdAt\n    finishedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MetricsFields on Metrics {\n    auc\n    prAuc\n    accuracy\n    precision\n    recall\n    f1\n    logLoss\n    brier\n    threshold\n    oracleAuc\n    oracleRatio\n    testSize\n    trainSize\n    validationSize\n    confusion {\n      tp\n      fp\n      tn\n      fn\n    }\n    roc {\n      x\n      y\n      threshold\n    }\n    pr {\n      x\n      y\n      threshold\n    }\n    calibration {\n      predicted\n      observed\n      count\n    }\n    thresholdSweep {\n      threshold\n      precision\n      recall\n      f1\n      flagged\n    }\n  }\n"): (typeof documents)["\n  fragment MetricsFields on Metrics {\n    auc\n    prAuc\n    accuracy\n    precision\n    recall\n    f1\n    logLoss\n    brier\n    threshold\n    oracleAuc\n    oracleRatio\n    testSize\n    trainSize\n    validationSize\n    confusion {\n      tp\n      fp\n      tn\n      fn\n    }\n    roc {\n      x\n      y\n      threshold\n    }\n    pr {\n      x\n      y\n      threshold\n    }\n    calibration {\n      predicted\n      observed\n      count\n    }\n    thresholdSweep {\n      threshold\n      precision\n      recall\n      f1\n      flagged\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment RunSummaryFields on ModelRun {\n    id\n    datasetId\n    status\n    phase\n    source\n    isActive\n    currentRound\n    totalRounds\n    bestIteration\n    durationMs\n    error\n    createdAt\n    finishedAt\n  }\n"): (typeof documents)["\n  fragment RunSummaryFields on ModelRun {\n    id\n    datasetId\n    status\n    phase\n    source\n    isActive\n    currentRound\n    totalRounds\n    bestIteration\n    durationMs\n    error\n    createdAt\n    finishedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ModelRuns {\n    modelRuns(limit: 20) {\n      ...RunSummaryFields\n      metrics {\n        auc\n        prAuc\n        recall\n        f1\n      }\n    }\n  }\n"): (typeof documents)["\n  query ModelRuns {\n    modelRuns(limit: 20) {\n      ...RunSummaryFields\n      metrics {\n        auc\n        prAuc\n        recall\n        f1\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ModelRunDetail($id: Int!) {\n    modelRun(id: $id) {\n      ...RunSummaryFields\n      params {\n        rounds\n        maxDepth\n        eta\n        subsample\n        colsampleBytree\n        minChildWeight\n        lambda\n        treeMethod\n        earlyStoppingRounds\n        scalePosWeight\n        seed\n      }\n      timings {\n        trainMs\n        evaluateMs\n        shapMs\n        storeMs\n        totalMs\n      }\n      metrics {\n        ...MetricsFields\n      }\n      learningCurve {\n        round\n        trainLogloss\n        validLogloss\n        trainAuc\n        validAuc\n      }\n    }\n  }\n"): (typeof documents)["\n  query ModelRunDetail($id: Int!) {\n    modelRun(id: $id) {\n      ...RunSummaryFields\n      params {\n        rounds\n        maxDepth\n        eta\n        subsample\n        colsampleBytree\n        minChildWeight\n        lambda\n        treeMethod\n        earlyStoppingRounds\n        scalePosWeight\n        seed\n      }\n      timings {\n        trainMs\n        evaluateMs\n        shapMs\n        storeMs\n        totalMs\n      }\n      metrics {\n        ...MetricsFields\n      }\n      learningCurve {\n        round\n        trainLogloss\n        validLogloss\n        trainAuc\n        validAuc\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ActivateModel($id: Int!) {\n    activateModel(id: $id) {\n      id\n      isActive\n    }\n  }\n"): (typeof documents)["\n  mutation ActivateModel($id: Int!) {\n    activateModel(id: $id) {\n      id\n      isActive\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Overview {\n    dataset {\n      id\n      name\n      source\n      customerCount\n      weeks\n      churnRate\n      oracleAuc\n      createdAt\n    }\n    activeModel {\n      ...RunSummaryFields\n      metrics {\n        auc\n        recall\n        precision\n        f1\n        threshold\n        oracleAuc\n        oracleRatio\n      }\n    }\n    riskCounts {\n      high\n      medium\n      low\n      expectedAssetLoss\n      histogram\n      thresholds {\n        high\n        medium\n      }\n    }\n    modelRuns(limit: 1) {\n      ...RunSummaryFields\n    }\n    planBatches(limit: 1) {\n      ...BatchFields\n    }\n  }\n"): (typeof documents)["\n  query Overview {\n    dataset {\n      id\n      name\n      source\n      customerCount\n      weeks\n      churnRate\n      oracleAuc\n      createdAt\n    }\n    activeModel {\n      ...RunSummaryFields\n      metrics {\n        auc\n        recall\n        precision\n        f1\n        threshold\n        oracleAuc\n        oracleRatio\n      }\n    }\n    riskCounts {\n      high\n      medium\n      low\n      expectedAssetLoss\n      histogram\n      thresholds {\n        high\n        medium\n      }\n    }\n    modelRuns(limit: 1) {\n      ...RunSummaryFields\n    }\n    planBatches(limit: 1) {\n      ...BatchFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation GenerateDataset($input: GenerateDatasetInput) {\n    generateDataset(input: $input) {\n      id\n      customerCount\n      churnRate\n      oracleAuc\n    }\n  }\n"): (typeof documents)["\n  mutation GenerateDataset($input: GenerateDatasetInput) {\n    generateDataset(input: $input) {\n      id\n      customerCount\n      churnRate\n      oracleAuc\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PredictRisk($input: PredictRiskInput!) {\n    predictRisk(input: $input) {\n      scoredCount\n      highRiskCount\n      batch {\n        ...BatchFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation PredictRisk($input: PredictRiskInput!) {\n    predictRisk(input: $input) {\n      scoredCount\n      highRiskCount\n      batch {\n        ...BatchFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PlanBatches {\n    planBatches(limit: 20) {\n      ...BatchFields\n    }\n  }\n"): (typeof documents)["\n  query PlanBatches {\n    planBatches(limit: 20) {\n      ...BatchFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RetentionPlans($batchId: Int, $priority: PlanPriority, $status: PlanStatus, $after: String) {\n    retentionPlans(batchId: $batchId, priority: $priority, status: $status, first: 20, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          ...PlanFields\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query RetentionPlans($batchId: Int, $priority: PlanPriority, $status: PlanStatus, $after: String) {\n    retentionPlans(batchId: $batchId, priority: $priority, status: $status, first: 20, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          ...PlanFields\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Report {\n    report {\n      markdown\n      html\n      source\n      generatedAt\n    }\n  }\n"): (typeof documents)["\n  query Report {\n    report {\n      markdown\n      html\n      source\n      generatedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation GenerateReport {\n    generateReport {\n      markdown\n      html\n      source\n      generatedAt\n    }\n  }\n"): (typeof documents)["\n  mutation GenerateReport {\n    generateReport {\n      markdown\n      html\n      source\n      generatedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelPlanBatch($id: Int!) {\n    cancelPlanBatch(id: $id) {\n      ...BatchFields\n    }\n  }\n"): (typeof documents)["\n  mutation CancelPlanBatch($id: Int!) {\n    cancelPlanBatch(id: $id) {\n      ...BatchFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription PlanProgress($batchId: Int!) {\n    planProgress(batchId: $batchId) {\n      batchId\n      kind\n      customerId\n      delta\n      batch {\n        ...BatchFields\n      }\n      plan {\n        ...PlanFields\n      }\n      plans {\n        ...PlanFields\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription PlanProgress($batchId: Int!) {\n    planProgress(batchId: $batchId) {\n      batchId\n      kind\n      customerId\n      delta\n      batch {\n        ...BatchFields\n      }\n      plan {\n        ...PlanFields\n      }\n      plans {\n        ...PlanFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ShapSummary($sampleSize: Int) {\n    shapSummary(sampleSize: $sampleSize) {\n      modelRunId\n      baseValue\n      sampleSize\n      importance {\n        key\n        labelZh\n        labelEn\n        meanAbsShap\n      }\n      beeswarm {\n        key\n        labelZh\n        labelEn\n        shap\n        normalizedValue\n      }\n    }\n    features {\n      key\n      labelZh\n      labelEn\n      unit\n      categories\n    }\n  }\n"): (typeof documents)["\n  query ShapSummary($sampleSize: Int) {\n    shapSummary(sampleSize: $sampleSize) {\n      modelRunId\n      baseValue\n      sampleSize\n      importance {\n        key\n        labelZh\n        labelEn\n        meanAbsShap\n      }\n      beeswarm {\n        key\n        labelZh\n        labelEn\n        shap\n        normalizedValue\n      }\n    }\n    features {\n      key\n      labelZh\n      labelEn\n      unit\n      categories\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ShapDependence($feature: String!, $sampleSize: Int) {\n    shapDependence(feature: $feature, sampleSize: $sampleSize) {\n      key\n      labelZh\n      values\n      shap\n      interactionKey\n      interactionLabelZh\n      interactionValues\n    }\n  }\n"): (typeof documents)["\n  query ShapDependence($feature: String!, $sampleSize: Int) {\n    shapDependence(feature: $feature, sampleSize: $sampleSize) {\n      key\n      labelZh\n      values\n      shap\n      interactionKey\n      interactionLabelZh\n      interactionValues\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TrainModel($input: TrainModelInput) {\n    trainModel(input: $input) {\n      ...RunSummaryFields\n    }\n  }\n"): (typeof documents)["\n  mutation TrainModel($input: TrainModelInput) {\n    trainModel(input: $input) {\n      ...RunSummaryFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription TrainingProgress($runId: Int!) {\n    trainingProgress(runId: $runId) {\n      runId\n      status\n      phase\n      round\n      totalRounds\n      message\n      error\n      latest {\n        round\n        trainLogloss\n        validLogloss\n        trainAuc\n        validAuc\n      }\n      run {\n        ...RunSummaryFields\n        learningCurve {\n          round\n          trainLogloss\n          validLogloss\n          trainAuc\n          validAuc\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription TrainingProgress($runId: Int!) {\n    trainingProgress(runId: $runId) {\n      runId\n      status\n      phase\n      round\n      totalRounds\n      message\n      error\n      latest {\n        round\n        trainLogloss\n        validLogloss\n        trainAuc\n        validAuc\n      }\n      run {\n        ...RunSummaryFields\n        learningCurve {\n          round\n          trainLogloss\n          validLogloss\n          trainAuc\n          validAuc\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Viewer {\n    viewer {\n      email\n      role\n      mustChangePassword\n    }\n  }\n"): (typeof documents)["\n  query Viewer {\n    viewer {\n      email\n      role\n      mustChangePassword\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input) {\n      email\n      mustChangePassword\n    }\n  }\n"): (typeof documents)["\n  mutation ChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input) {\n      email\n      mustChangePassword\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BenchToken {\n    createApiToken(input: { name: \"bench\", role: ADMIN }) {\n      token\n    }\n  }\n"): (typeof documents)["\n  mutation BenchToken {\n    createApiToken(input: { name: \"bench\", role: ADMIN }) {\n      token\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BenchGenerate {\n    generateDataset(input: { nCustomers: 3000, nWeeks: 12, seed: 42 }) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation BenchGenerate {\n    generateDataset(input: { nCustomers: 3000, nWeeks: 12, seed: 42 }) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BenchTrain {\n    trainModel {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation BenchTrain {\n    trainModel {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BenchRun($id: Int!) {\n    modelRun(id: $id) {\n      status\n    }\n  }\n"): (typeof documents)["\n  query BenchRun($id: Int!) {\n    modelRun(id: $id) {\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BenchPage {\n    customers(first: 20, orderBy: RISK_DESC) {\n      totalCount\n      edges {\n        node {\n          id\n          probability\n          riskLevel\n          expectedAssetLoss\n          topDrivers {\n            key\n            shap\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query BenchPage {\n    customers(first: 20, orderBy: RISK_DESC) {\n      totalCount\n      edges {\n        node {\n          id\n          probability\n          riskLevel\n          expectedAssetLoss\n          topDrivers {\n            key\n            shap\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BenchDetail($id: String!) {\n    customer(id: $id) {\n      id\n      risk {\n        probability\n      }\n      weekly {\n        week\n        logins\n        trades\n        totalAssets\n      }\n      shap {\n        key\n        shap\n      }\n      latestPlan {\n        status\n      }\n    }\n  }\n"): (typeof documents)["\n  query BenchDetail($id: String!) {\n    customer(id: $id) {\n      id\n      risk {\n        probability\n      }\n      weekly {\n        week\n        logins\n        trades\n        totalAssets\n      }\n      shap {\n        key\n        shap\n      }\n      latestPlan {\n        status\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ExampleTrain {\n    trainModel(input: { rounds: 200 }) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation ExampleTrain {\n    trainModel(input: { rounds: 200 }) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ExampleTraining($runId: Int!) {\n    trainingProgress(runId: $runId) {\n      status\n      phase\n      round\n      totalRounds\n      run {\n        metrics {\n          auc\n          recall\n          f1\n        }\n      }\n      error\n    }\n  }\n"): (typeof documents)["\n  subscription ExampleTraining($runId: Int!) {\n    trainingProgress(runId: $runId) {\n      status\n      phase\n      round\n      totalRounds\n      run {\n        metrics {\n          auc\n          recall\n          f1\n        }\n      }\n      error\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ExamplePredict($topK: Int!) {\n    predictRisk(input: { topK: $topK }) {\n      scoredCount\n      highRiskCount\n      batch {\n        id\n        total\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ExamplePredict($topK: Int!) {\n    predictRisk(input: { topK: $topK }) {\n      scoredCount\n      highRiskCount\n      batch {\n        id\n        total\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ExamplePlans($batchId: Int!) {\n    planProgress(batchId: $batchId) {\n      kind\n      customerId\n      plan {\n        customerId\n        status\n        priority\n        plan {\n          riskSummary\n        }\n      }\n      plans {\n        customerId\n        status\n        priority\n        plan {\n          riskSummary\n        }\n      }\n      batch {\n        status\n        done\n        failed\n        total\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription ExamplePlans($batchId: Int!) {\n    planProgress(batchId: $batchId) {\n      kind\n      customerId\n      plan {\n        customerId\n        status\n        priority\n        plan {\n          riskSummary\n        }\n      }\n      plans {\n        customerId\n        status\n        priority\n        plan {\n          riskSummary\n        }\n      }\n      batch {\n        status\n        done\n        failed\n        total\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ApiTestCreateToken($name: String!, $role: Role!) {\n    createApiToken(input: { name: $name, role: $role }) {\n      token\n      apiToken {\n        id\n        role\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ApiTestCreateToken($name: String!, $role: Role!) {\n    createApiToken(input: { name: $name, role: $role }) {\n      token\n      apiToken {\n        id\n        role\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ApiTestGenerate($n: Int!) {\n    generateDataset(input: { nCustomers: $n, nWeeks: 12, seed: 7 }) {\n      id\n      customerCount\n      churnRate\n      oracleAuc\n    }\n  }\n"): (typeof documents)["\n  mutation ApiTestGenerate($n: Int!) {\n    generateDataset(input: { nCustomers: $n, nWeeks: 12, seed: 7 }) {\n      id\n      customerCount\n      churnRate\n      oracleAuc\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ApiTestTrain($rounds: Int) {\n    trainModel(input: { rounds: $rounds }) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation ApiTestTrain($rounds: Int) {\n    trainModel(input: { rounds: $rounds }) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ApiTestTrainingProgress($runId: Int!) {\n    trainingProgress(runId: $runId) {\n      runId\n      status\n      phase\n      round\n      totalRounds\n      latest {\n        round\n        validLogloss\n      }\n      run {\n        id\n        status\n        metrics {\n          auc\n          f1\n          oracleAuc\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription ApiTestTrainingProgress($runId: Int!) {\n    trainingProgress(runId: $runId) {\n      runId\n      status\n      phase\n      round\n      totalRounds\n      latest {\n        round\n        validLogloss\n      }\n      run {\n        id\n        status\n        metrics {\n          auc\n          f1\n          oracleAuc\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ApiTestCustomers($first: Int, $after: String, $filter: CustomerFilter, $orderBy: CustomerOrder) {\n    customers(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          probability\n          riskLevel\n          riskRank\n          expectedAssetLoss\n          topDrivers {\n            key\n            labelZh\n            shap\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query ApiTestCustomers($first: Int, $after: String, $filter: CustomerFilter, $orderBy: CustomerOrder) {\n    customers(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          probability\n          riskLevel\n          riskRank\n          expectedAssetLoss\n          topDrivers {\n            key\n            labelZh\n            shap\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ApiTestCustomerDetail($id: String!) {\n    customer(id: $id) {\n      id\n      profile {\n        maskedName\n        maskedPhone\n        customerType\n      }\n      risk {\n        probability\n        margin\n        level\n      }\n      weekly {\n        week\n        logins\n      }\n      features {\n        key\n        value\n      }\n      shapBaseValue\n      shap {\n        key\n        labelZh\n        shap\n      }\n    }\n  }\n"): (typeof documents)["\n  query ApiTestCustomerDetail($id: String!) {\n    customer(id: $id) {\n      id\n      profile {\n        maskedName\n        maskedPhone\n        customerType\n      }\n      risk {\n        probability\n        margin\n        level\n      }\n      weekly {\n        week\n        logins\n      }\n      features {\n        key\n        value\n      }\n      shapBaseValue\n      shap {\n        key\n        labelZh\n        shap\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ApiTestPredict($topK: Int) {\n    predictRisk(input: { topK: $topK }) {\n      scoredCount\n      highRiskCount\n      highRisk {\n        id\n        probability\n      }\n      batch {\n        id\n        total\n        status\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ApiTestPredict($topK: Int) {\n    predictRisk(input: { topK: $topK }) {\n      scoredCount\n      highRiskCount\n      highRisk {\n        id\n        probability\n      }\n      batch {\n        id\n        total\n        status\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ApiTestPlanProgress($batchId: Int!) {\n    planProgress(batchId: $batchId) {\n      batchId\n      kind\n      customerId\n      delta\n      plan {\n        customerId\n        status\n        source\n        plan {\n          priority\n          riskSummary\n        }\n      }\n      batch {\n        id\n        status\n        total\n        done\n        failed\n      }\n      plans {\n        customerId\n        status\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription ApiTestPlanProgress($batchId: Int!) {\n    planProgress(batchId: $batchId) {\n      batchId\n      kind\n      customerId\n      delta\n      plan {\n        customerId\n        status\n        source\n        plan {\n          priority\n          riskSummary\n        }\n      }\n      batch {\n        id\n        status\n        total\n        done\n        failed\n      }\n      plans {\n        customerId\n        status\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ApiTestOverview {\n    dataset {\n      customerCount\n    }\n    activeModel {\n      id\n      metrics {\n        auc\n      }\n    }\n    riskCounts {\n      high\n      medium\n      low\n      histogram\n    }\n    shapSummary(sampleSize: 200) {\n      baseValue\n      importance {\n        key\n        meanAbsShap\n      }\n      beeswarm {\n        key\n        shap\n      }\n    }\n    shapDependence(feature: \"days_since_last_login\") {\n      key\n      values\n      interactionKey\n    }\n  }\n"): (typeof documents)["\n  query ApiTestOverview {\n    dataset {\n      customerCount\n    }\n    activeModel {\n      id\n      metrics {\n        auc\n      }\n    }\n    riskCounts {\n      high\n      medium\n      low\n      histogram\n    }\n    shapSummary(sampleSize: 200) {\n      baseValue\n      importance {\n        key\n        meanAbsShap\n      }\n      beeswarm {\n        key\n        shap\n      }\n    }\n    shapDependence(feature: \"days_since_last_login\") {\n      key\n      values\n      interactionKey\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ImportTestToken {\n    createApiToken(input: { name: \"import\", role: ADMIN }) {\n      token\n    }\n  }\n"): (typeof documents)["\n  mutation ImportTestToken {\n    createApiToken(input: { name: \"import\", role: ADMIN }) {\n      token\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ImportTestState {\n    dataset {\n      id\n      source\n      customerCount\n    }\n    activeModel {\n      id\n      source\n    }\n    customers(first: 3, orderBy: ID_ASC) {\n      edges {\n        node {\n          id\n          probability\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ImportTestState {\n    dataset {\n      id\n      source\n      customerCount\n    }\n    activeModel {\n      id\n      source\n    }\n    customers(first: 3, orderBy: ID_ASC) {\n      edges {\n        node {\n          id\n          probability\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ImportTestTrain {\n    trainModel(input: { rounds: 60 }) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation ImportTestTrain {\n    trainModel(input: { rounds: 60 }) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ImportTestRun($id: Int!) {\n    modelRun(id: $id) {\n      status\n    }\n  }\n"): (typeof documents)["\n  query ImportTestRun($id: Int!) {\n    modelRun(id: $id) {\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ExampleSetupToken {\n    createApiToken(input: { name: \"example\", role: ADMIN }) {\n      token\n    }\n  }\n"): (typeof documents)["\n  mutation ExampleSetupToken {\n    createApiToken(input: { name: \"example\", role: ADMIN }) {\n      token\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ExampleSetupData {\n    generateDataset(input: { nCustomers: 800, seed: 3 }) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation ExampleSetupData {\n    generateDataset(input: { nCustomers: 800, seed: 3 }) {\n      id\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;