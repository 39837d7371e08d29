/** The HTML report's style sheet, inlined in the page (no external asset); light and dark follow the viewer's setting. */
export const STYLE = `
:root{--bg:#f6f7f9;--panel:#fff;--text:#1d232b;--muted:#5f6b7a;--line:#e2e6eb;--track:#e8ebef;
--good:#1f9d55;--bad:#d64545;--bad-dark:#9b2c2c;--warn:#d98b00;--info:#3b6fd4;--code:#f1f3f6;--bad-tint:#fdecec}
@media (prefers-color-scheme:dark){:root{--bg:#12161b;--panel:#1b2129;--text:#e6e9ed;--muted:#97a3b1;--line:#2c343e;--track:#2c343e;--code:#232a33;--bad-tint:#3a1f22}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--text);font:14px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Liberation Sans",sans-serif}
main{max-width:1180px;margin:0 auto;padding:28px 24px 40px}
h1{font-size:22px;margin:0 0 2px;letter-spacing:-.01em}
h2{font-size:16px;margin:0 0 12px;display:flex;align-items:center;gap:8px}
.muted,.hint{color:var(--muted)}
.hint{margin:0 0 10px;font-size:13px}
header.top{display:flex;justify-content:space-between;align-items:center;gap:16px;margin-bottom:18px}
header.top p{margin:0}
.verdict{display:flex;align-items:center;gap:10px;padding:8px 14px;border-radius:8px;font-weight:600;border:1px solid currentColor;background:var(--panel)}
.verdict .code{display:inline-grid;place-items:center;min-width:28px;height:28px;border-radius:14px;color:#fff;background:currentColor}
.verdict .code{color:var(--panel)}
.verdict.good{color:var(--good)}.verdict.bad{color:var(--bad)}.verdict.warn{color:var(--warn)}
.verdict.good .code{background:var(--good)}.verdict.bad .code{background:var(--bad)}.verdict.warn .code{background:var(--warn)}
section{background:var(--panel);border:1px solid var(--line);border-radius:10px;padding:18px 20px;margin:0 0 16px}
.cards{display:grid;grid-template-columns:repeat(5,minmax(0,1fr));gap:10px;margin-bottom:14px}
.card{border:1px solid var(--line);border-left:4px solid var(--line);border-radius:8px;padding:10px 12px}
.card .value{font-size:24px;font-weight:650;font-variant-numeric:tabular-nums}
.card .label{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
.card.good{border-left-color:var(--good)}.card.bad{border-left-color:var(--bad)}.card.bad .value{color:var(--bad)}
.card.warn{border-left-color:var(--warn)}.card.warn .value{color:var(--warn)}.card.info{border-left-color:var(--info)}
.statusbar{display:block;border-radius:7px;overflow:hidden;background:var(--track)}
.legend{display:flex;flex-wrap:wrap;gap:14px;margin-top:8px;font-size:12px;color:var(--muted)}
.legend-item{display:inline-flex;align-items:center;gap:6px}
.swatch{width:10px;height:10px;border-radius:2px;display:inline-block}
.count{font-size:12px;font-weight:600;background:var(--track);border-radius:10px;padding:1px 8px;color:var(--muted)}
table{width:100%;border-collapse:collapse;font-size:13px}
th{text-align:left;font-weight:600;color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.03em;border-bottom:1px solid var(--line);padding:6px 8px}
td{border-bottom:1px solid var(--line);padding:7px 8px;vertical-align:top;overflow-wrap:anywhere}
tbody tr:last-child td{border-bottom:0}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.bar-head{width:40%}.bar-cell{vertical-align:middle}.bar{display:block}
code{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;background:var(--code);border-radius:4px;padding:1px 5px;overflow-wrap:anywhere}
code.qualys{background:var(--bad-tint);color:var(--bad-dark)}
table.fields{table-layout:fixed}.c-field{width:22%}.c-value{width:39%}
.nowrap{white-space:nowrap}
@media (max-width:760px){.cards{grid-template-columns:repeat(2,minmax(0,1fr))}}
.resource{border:1px solid var(--line);border-radius:8px;padding:10px 12px;margin-bottom:10px}
.resource header{margin-bottom:6px}.resource .hint{margin:8px 0 0}
.pill{display:inline-block;font-size:11px;font-weight:600;border-radius:10px;padding:1px 8px;color:#fff;background:var(--muted);text-transform:uppercase;letter-spacing:.03em}
.pill.good{background:var(--good)}.pill.bad{background:var(--bad)}.pill.warn{background:var(--warn)}.pill.info{background:var(--info)}
footer{font-size:12px;margin-top:8px}
`
  .trim()
  .replace(/\n/g, "");
