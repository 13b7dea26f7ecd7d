import type { Lang } from "../lib/i18n/messages";

/** Audit action codes (the actions' names in lib/actions) in words; a code added later shows as itself. */
const ACTIONS: Record<string, { zh: string; en: string }> = {
  activate_model: { zh: "启用模型", en: "Activated a model" },
  advance_dataset: { zh: "推进数据时间", en: "Advanced the data in time" },
  cancel_plan_batch: { zh: "取消计划批次", en: "Cancelled a plan batch" },
  change_password: { zh: "修改密码", en: "Changed password" },
  create_api_token: { zh: "创建 API 令牌", en: "Created an API token" },
  create_user: { zh: "创建用户", en: "Created a user" },
  export_customers: { zh: "导出客户列表", en: "Exported the customer list" },
  export_model: { zh: "导出模型", en: "Exported a model" },
  export_plans: { zh: "导出挽留计划 Excel", en: "Exported plans (Excel)" },
  export_report_pdf: { zh: "下载报告 PDF", en: "Downloaded the report (PDF)" },
  generate_dataset: { zh: "生成数据", en: "Generated a dataset" },
  generate_report: { zh: "生成报告", en: "Generated the report" },
  import_dataset: { zh: "导入数据", en: "Imported data" },
  import_model: { zh: "导入模型", en: "Imported a model" },
  login: { zh: "登录", en: "Signed in" },
  login_failed: { zh: "登录失败", en: "Failed sign-in" },
  logout: { zh: "退出", en: "Signed out" },
  predict: { zh: "预测风险", en: "Scored risk" },
  regenerate_plan: { zh: "重新生成计划", en: "Regenerated a plan" },
  revoke_api_token: { zh: "吊销 API 令牌", en: "Revoked an API token" },
  train_model: { zh: "训练模型", en: "Trained a model" },
  update_user: { zh: "修改用户", en: "Changed a user" },
};

export function auditActionText(code: string, lang: Lang): string {
  return ACTIONS[code]?.[lang] ?? code;
}
