/**
 * Plotly's own words in Chinese (toolbar, hints, date names): the dist bundle carries English
 * only, so the dictionary travels with the chart component instead of a 2nd bundle.
 */
export const PLOTLY_ZH_CN = {
  dictionary: {
    Autoscale: "自动缩放",
    "Box Select": "框选",
    "Click to enter Colorscale title": "点击输入色阶标题",
    "Click to enter Plot title": "点击输入图表标题",
    "Click to enter X axis title": "点击输入 X 轴标题",
    "Click to enter Y axis title": "点击输入 Y 轴标题",
    "Compare data on hover": "悬停时比较数据",
    "Double-click on legend to isolate one trace": "双击图例只看这一项",
    "Double-click to zoom back out": "双击还原缩放",
    "Download plot as a png": "下载图片 (PNG)",
    "Download plot as a PNG": "下载图片 (PNG)",
    "Download plot": "下载图片",
    "Lasso Select": "套索选择",
    "Orbital rotation": "轨道旋转",
    Pan: "平移",
    "Produced with Plotly.js": "由 Plotly.js 生成",
    Reset: "重置",
    "Reset axes": "重置坐标轴",
    "Reset camera to default": "重置视角",
    "Reset camera to last save": "恢复上次视角",
    "Reset view": "重置视图",
    "Reset views": "重置视图",
    "Show closest data on hover": "悬停时显示最近的数据",
    "Snapshot succeeded": "已生成图片",
    "Sorry, there was a problem downloading your snapshot!": "抱歉，下载图片时出错！",
    "Taking snapshot - this may take a few seconds": "正在生成图片，请稍候",
    "Toggle Spike Lines": "显示/隐藏辅助线",
    "Toggle show closest data on hover": "切换悬停显示最近数据",
    "Turntable rotation": "转台旋转",
    Zoom: "缩放",
    "Zoom in": "放大",
    "Zoom out": "缩小",
    "close:": "收盘：",
    trace: "数据",
    "lat:": "纬度：",
    "lon:": "经度：",
    "q1:": "下四分位：",
    "q3:": "上四分位：",
    "source:": "来源：",
    "target:": "目标：",
    "lower fence:": "下界：",
    "upper fence:": "上界：",
    "max:": "最大值：",
    "mean ± σ:": "均值 ± σ：",
    "mean:": "均值：",
    "median:": "中位数：",
    "min:": "最小值：",
    "new text": "新文本",
    "open:": "开盘：",
    "high:": "最高：",
    "low:": "最低：",
    "kde:": "密度：",
  },
  format: {
    days: ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"],
    shortDays: ["周日", "周一", "周二", "周三", "周四", "周五", "周六"],
    months: ["一月", "二月", "三月", "四月", "五月", "六月", "七月", "八月", "九月", "十月", "十一月", "十二月"],
    shortMonths: ["1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月"],
    date: "%Y-%m-%d",
  },
};

/** A file name for an exported chart: what it shows and the day, never Plotly's `newplot`. */
export function chartFileName(name: string, now = new Date()): string {
  const slug = name
    .trim()
    .replace(/[\\/:*?"<>|\s]+/g, "-")
    .replace(/-+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 60);
  return `${slug || "chart"}-${now.toISOString().slice(0, 10)}`;
}
