/**
 * A report as a small document tree, rendered to Markdown and to a standalone HTML page.
 * Building the tree once keeps both outputs saying exactly the same thing.
 */

export type Block =
  | { kind: "paragraph"; text: string }
  | { kind: "bullets"; items: string[] }
  | { kind: "table"; head: string[]; rows: string[][]; numeric?: boolean[] }
  /** Horizontal bars (HTML) / a list (Markdown); value is the bar length relative to the largest. */
  | { kind: "bars"; items: { label: string; value: number; display: string }[] }
  | { kind: "figures"; items: { label: string; value: string }[] };

export interface ReportSection {
  title: string;
  blocks: Block[];
}

export interface ReportDocument {
  title: string;
  subtitle: string;
  sections: ReportSection[];
  footer: string;
}

// ───────────────────────────── Markdown ─────────────────────────────

/** Text in Markdown: angle brackets become entities so a renderer never sees raw HTML. */
function mdText(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function mdCell(s: string): string {
  return mdText(s).replace(/\|/g, "\\|").replace(/\r?\n/g, "<br>");
}

function mdBlock(b: Block): string {
  switch (b.kind) {
    case "paragraph":
      return mdText(b.text);
    case "bullets":
      return b.items.map((i) => `- ${mdText(i).replace(/\r?\n/g, " ")}`).join("\n");
    case "figures":
      return b.items.map((i) => `- **${mdText(i.label)}**：${mdText(i.value)}`).join("\n");
    case "bars":
      return b.items.map((i, n) => `${n + 1}. ${mdText(i.label)}（${mdText(i.display)}）`).join("\n");
    case "table": {
      const align = b.head.map((_, i) => (b.numeric?.[i] ? "---:" : "---"));
      return [
        `| ${b.head.map(mdCell).join(" | ")} |`,
        `| ${align.join(" | ")} |`,
        ...b.rows.map((r) => `| ${r.map(mdCell).join(" | ")} |`),
      ].join("\n");
    }
  }
}

export function renderMarkdown(doc: ReportDocument): string {
  const parts = [`# ${mdText(doc.title)}`, `> ${mdText(doc.subtitle)}`];
  for (const s of doc.sections) {
    parts.push(`## ${mdText(s.title)}`);
    for (const b of s.blocks) parts.push(mdBlock(b));
  }
  parts.push("---", `*${mdText(doc.footer)}*`);
  return parts.join("\n\n") + "\n";
}

// ───────────────────────────── HTML ─────────────────────────────

export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

const esc = (s: string) => escapeHtml(s).replace(/\r?\n/g, "<br>");

function htmlBlock(b: Block): string {
  switch (b.kind) {
    case "paragraph":
      return `<p>${esc(b.text)}</p>`;
    case "bullets":
      return `<ul>${b.items.map((i) => `<li>${esc(i)}</li>`).join("")}</ul>`;
    case "figures":
      return `<div class="figures">${b.items
        .map((i) => `<div class="figure"><div class="fv">${esc(i.value)}</div><div class="fl">${esc(i.label)}</div></div>`)
        .join("")}</div>`;
    case "bars": {
      const max = Math.max(...b.items.map((i) => i.value), 0) || 1;
      return `<div class="bars">${b.items
        .map((i) => {
          const pct = Math.max(0, Math.min(100, (i.value / max) * 100)).toFixed(1);
          return `<div class="bar-row"><span class="bar-label">${esc(i.label)}</span><span class="bar-track"><span class="bar" style="width:${pct}%"></span></span><span class="bar-value">${esc(i.display)}</span></div>`;
        })
        .join("")}</div>`;
    }
    case "table": {
      const cls = (i: number) => (b.numeric?.[i] ? ' class="num"' : "");
      const head = b.head.map((h, i) => `<th${cls(i)}>${esc(h)}</th>`).join("");
      const rows = b.rows.map((r) => `<tr>${r.map((c, i) => `<td${cls(i)}>${esc(c)}</td>`).join("")}</tr>`).join("");
      return `<table><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
    }
  }
}

const CSS = `
:root{color-scheme:light}
body{margin:0;background:#f4f6f9;color:#1f2933;font:15px/1.65 -apple-system,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif}
main{max-width:980px;margin:0 auto;padding:32px 24px 48px}
header{border-bottom:3px solid #1f4e79;margin-bottom:24px;padding-bottom:12px}
h1{margin:0;font-size:26px;color:#1f4e79}
.subtitle{color:#52606d;margin-top:4px}
section{background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.08);padding:18px 22px;margin:18px 0}
h2{font-size:18px;margin:0 0 12px;color:#1f4e79;border-left:4px solid #1f4e79;padding-left:10px}
table{border-collapse:collapse;width:100%;margin:10px 0;font-size:14px}
th,td{border:1px solid #d9e2ec;padding:6px 10px;text-align:left;vertical-align:top}
th{background:#1f4e79;color:#fff;font-weight:600}
tbody tr:nth-child(even){background:#f7f9fc}
.num{text-align:right;font-variant-numeric:tabular-nums}
.figures{display:flex;flex-wrap:wrap;gap:12px;margin:8px 0}
.figure{flex:1 1 150px;background:#f0f4f8;border-radius:6px;padding:10px 14px}
.fv{font-size:20px;font-weight:700;color:#1f4e79}
.fl{color:#52606d;font-size:13px}
.bars{margin:8px 0}
.bar-row{display:flex;align-items:center;gap:10px;margin:4px 0}
.bar-label{flex:0 0 210px;font-size:14px}
.bar-track{flex:1;background:#e4e7eb;border-radius:3px;height:14px;overflow:hidden}
.bar{display:block;height:100%;background:#c0392b}
.bar-value{flex:0 0 70px;text-align:right;font-variant-numeric:tabular-nums;font-size:13px}
footer{color:#7b8794;font-size:13px;margin-top:24px}
@media print{body{background:#fff}section{box-shadow:none;border:1px solid #d9e2ec}}
`;

export function renderHtml(doc: ReportDocument): string {
  const sections = doc.sections
    .map((s) => `<section><h2>${esc(s.title)}</h2>${s.blocks.map(htmlBlock).join("\n")}</section>`)
    .join("\n");
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${esc(doc.title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<header><h1>${esc(doc.title)}</h1><div class="subtitle">${esc(doc.subtitle)}</div></header>
${sections}
<footer>${esc(doc.footer)}</footer>
</main>
</body>
</html>
`;
}
