/**
 * report.html's stylesheet, inlined: the site's palette and components (public/styles/site.css)
 * trimmed to what the page uses, plus its charts, contents and print layout. A copy rather than the
 * file itself, so that a change to the site's stylesheet never changes the bytes of a report.
 */
export const STYLE = `
:root{color-scheme:light dark;--fg:#1f2328;--bg:#fff;--surface:#f6f8fa;--muted:#57606a;--line:#d0d7de;--accent:#0a58ca;--focus:#0a58ca;
--pass:#116329;--pass-bg:#dafbe1;--fail:#a40e26;--fail-bg:#ffebe9;--waived:#6639ba;--waived-bg:#f3eefe;--pending:#7d4e00;--pending-bg:#fff8c5;
--neutral:#57606a;--neutral-bg:#eaeef2;--before:#8c959f;--after:#0a58ca;--radius:10px;
--mono:ui-monospace,SFMono-Regular,'SF Mono',Menlo,Consolas,'Liberation Mono',monospace}
@media screen and (prefers-color-scheme:dark){:root{--fg:#e6edf3;--bg:#0d1117;--surface:#161b22;--muted:#9da7b3;--line:#30363d;--accent:#6cb6ff;--focus:#6cb6ff;
--pass:#56d364;--pass-bg:#12261e;--fail:#ff8182;--fail-bg:#2d1517;--waived:#c8a8ff;--waived-bg:#231a36;--pending:#e3b341;--pending-bg:#2b2111;
--neutral:#9da7b3;--neutral-bg:#21262d;--before:#6e7681;--after:#6cb6ff}}
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:16px/1.55 system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:80rem;margin:0 auto;padding:0 1.25rem 3rem}
h1,h2,h3,h4{line-height:1.2;letter-spacing:-0.01em}
h1{font-size:2rem;margin:0.5rem 0}
h2{font-size:1.375rem;margin:2.5rem 0 0.75rem;padding-bottom:0.35rem;border-bottom:1px solid var(--line)}
h3{font-size:1.1rem;margin:1.5rem 0 0.5rem}
h4{font-size:1.05rem;margin:0 0 0.5rem}
h5{font-size:0.95rem;margin:1rem 0 0.25rem}
p,ul,ol{margin:0.5rem 0 1rem}
a{color:var(--accent);text-underline-offset:0.15em}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px;border-radius:3px}
code,pre{font-family:var(--mono);font-size:0.875em}
code{background:var(--surface);padding:0.1em 0.35em;border-radius:4px;overflow-wrap:anywhere}
pre{background:var(--surface);padding:0.75rem 1rem;border-radius:var(--radius);white-space:pre-wrap;overflow-wrap:anywhere}
pre code{background:none;padding:0}
.muted,.sub{color:var(--muted)}
.sub{display:block;font-size:0.875rem;font-weight:400}
.small{font-size:0.875rem}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.skip{position:absolute;left:1rem;top:-3rem;background:var(--bg);color:var(--accent);padding:0.5rem 0.75rem;border-radius:6px}
.skip:focus{top:0.75rem}
.page-head{padding-top:1.25rem}
.kicker{margin:0;color:var(--muted);font-size:0.9rem}
.lede{font-size:1.1rem;color:var(--muted);margin-top:0}
.notice{border-left:4px solid var(--pending);background:var(--pending-bg);padding:0.6rem 0.9rem;border-radius:6px}
.toc ol{display:flex;flex-wrap:wrap;gap:0.25rem 1.25rem;list-style:none;margin:1rem 0;padding:0.5rem 0;border-bottom:1px solid var(--line)}
.badge{display:inline-flex;align-items:center;gap:0.3rem;white-space:nowrap;font-size:0.8125rem;font-weight:650;line-height:1;padding:0.3rem 0.55rem;
border-radius:999px;border:1px solid currentColor;color:var(--neutral);background:var(--neutral-bg)}
.badge[data-tone='pass']{color:var(--pass);background:var(--pass-bg)}
.badge[data-tone='fail']{color:var(--fail);background:var(--fail-bg)}
.badge[data-tone='waived'],.badge[data-tone='applied']{color:var(--waived);background:var(--waived-bg)}
.badge[data-tone='pending'],.badge[data-tone='expired'],.badge[data-tone='at-risk']{color:var(--pending);background:var(--pending-bg)}
.verdict{display:grid;grid-template-columns:auto 1fr;gap:0.25rem 1rem;align-items:center;border:1px solid var(--line);border-left:6px solid var(--neutral);
border-radius:var(--radius);padding:1rem 1.25rem;margin:1rem 0 1.5rem;background:var(--surface)}
.verdict .icon{font-size:2rem;line-height:1;grid-row:span 2}
.verdict h2{font-size:1.35rem;margin:0;padding:0;border:0}
.verdict p{margin:0;color:var(--muted)}
.verdict-reasons{grid-column:2;margin:0.5rem 0 0;padding-left:1.1rem}
.verdict[data-tone='pass']{border-left-color:var(--pass)}.verdict[data-tone='pass'] .icon{color:var(--pass)}
.verdict[data-tone='fail']{border-left-color:var(--fail)}.verdict[data-tone='fail'] .icon{color:var(--fail)}
.verdict[data-tone='waived']{border-left-color:var(--waived)}.verdict[data-tone='waived'] .icon{color:var(--waived)}
.verdict[data-tone='pending']{border-left-color:var(--pending)}.verdict[data-tone='pending'] .icon{color:var(--pending)}
.cards{display:grid;gap:1rem;grid-template-columns:repeat(auto-fill,minmax(16rem,1fr));list-style:none;padding:0;margin:1rem 0}
.card{border:1px solid var(--line);border-radius:var(--radius);padding:1rem 1.1rem;background:var(--bg)}
.card h3{margin:0 0 0.5rem;font-size:1.05rem;display:flex;justify-content:space-between;gap:0.5rem;align-items:baseline}
.card[data-tone='fail']{border-top:4px solid var(--fail)}
.card[data-tone='pass']{border-top:4px solid var(--pass)}
.card[data-tone='waived']{border-top:4px solid var(--waived)}
.card[data-tone='pending']{border-top:4px solid var(--pending)}
.delta-good{color:var(--pass);font-weight:650}
.delta-bad{color:var(--fail);font-weight:650}
.typed-none{color:var(--pending);font-weight:650}
.gates{display:grid;gap:1rem;grid-template-columns:repeat(auto-fill,minmax(min(100%,26rem),1fr));list-style:none;padding:0}
.gate-card h3 a{color:var(--fg)}
.gate-card ul{list-style:none;margin:0.5rem 0 0;padding:0;font-size:0.875rem}
.gate-card li{display:grid;grid-template-columns:minmax(0,1fr) auto;gap:0.1rem 0.75rem;padding:0.35rem 0;border-top:1px dashed var(--line);align-items:baseline}
.gate-card .crit-status{text-align:right;white-space:nowrap;font-weight:600}
.gate-card .badge{font-size:0.75rem;padding:0.15rem 0.4rem}
.table-wrap{position:relative;overflow-x:auto;margin:0.75rem 0 1.25rem;border:1px solid var(--line);border-radius:var(--radius)}
table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
caption{text-align:left;font-weight:650;padding:0.6rem 0.75rem;caption-side:top}
caption .sub{font-weight:400}
th,td{text-align:left;padding:0.5rem 0.75rem;border-top:1px solid var(--line);vertical-align:top}
thead th{background:var(--surface);font-size:0.8125rem;text-transform:uppercase;letter-spacing:0.03em;color:var(--muted);white-space:nowrap}
td.num,th.num{text-align:right;white-space:nowrap}
tbody th{font-weight:600}
table code{white-space:nowrap;overflow-wrap:normal}
.hash{font-family:var(--mono);font-size:0.8rem;overflow-wrap:anywhere;min-width:12rem}
.value-source{margin-top:0.15rem;font-size:0.8125rem;white-space:normal;overflow-wrap:anywhere}
.value-source .source-item{display:block}
.chart{margin:1rem 0 1.5rem;border:1px solid var(--line);border-radius:var(--radius);padding:1rem}
.chart figcaption{color:var(--muted);font-size:0.875rem;margin-top:0.5rem}
.chart-svg{display:block;width:100%;height:auto;max-width:48rem;font-size:13px;font-family:inherit}
.chart-label{fill:var(--fg)}.chart-value{fill:var(--muted);font-variant-numeric:tabular-nums}
.chart-axis{stroke:var(--line);stroke-width:1}
.bar-after{fill:var(--after)}.bar-before{fill:var(--before)}.bar-fail{fill:var(--fail)}
.receipt{border:1px solid var(--line);border-radius:var(--radius);padding:1rem 1.25rem;margin:1rem 0 1.5rem}
.receipt h4{display:flex;flex-wrap:wrap;gap:0.5rem 0.75rem;align-items:center}
.facts{display:grid;grid-template-columns:repeat(auto-fill,minmax(9rem,1fr));gap:0.75rem;margin:0.75rem 0}
.facts div{background:var(--surface);border-radius:8px;padding:0.5rem 0.75rem}
.facts dt{font-size:0.75rem;text-transform:uppercase;letter-spacing:0.04em;color:var(--muted)}
.facts dd{margin:0;font-size:1.15rem;font-weight:650;font-variant-numeric:tabular-nums;overflow-wrap:anywhere}
.formula{font-family:var(--mono);font-size:0.9rem;background:var(--surface);padding:0.5rem 0.75rem;border-radius:8px;overflow-wrap:anywhere}
table.trace{table-layout:fixed;min-width:70rem}
table.trace col.artifact{width:13rem}table.trace col.present{width:5.5rem}table.trace col.protocol{width:6.75rem}
table.trace thead th{white-space:normal}
table.trace thead tr:first-child th{text-align:center;border-left:1px solid var(--line)}
table.trace th,table.trace td{padding:0.4rem 0.5rem}
table.trace td{border-left:1px solid var(--line);font-size:0.8125rem;overflow-wrap:anywhere}
table.trace td ul{margin:0;padding-left:1rem}
table.trace tbody th code{overflow-wrap:anywhere;white-space:normal}
.trace-steps{font-size:0.875rem}.trace-steps dt{font-weight:650}.trace-steps dd{margin:0 0 0.4rem 1rem}
.flame{margin:1rem 0 2rem}
.flame svg{display:block;max-width:100%;height:auto;background:#fff}
.flame figcaption{margin-bottom:0.5rem}
.document{border-top:1px solid var(--line);margin-top:1.5rem}
.prose{max-width:48rem}
.prose h1{font-size:1.5rem}.prose h2{font-size:1.2rem}
footer{border-top:1px solid var(--line);color:var(--muted);font-size:0.875rem;padding:1.25rem 0 2rem}
@media (max-width:40rem){
table.stack thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
table.stack,table.stack tbody,table.stack tr,table.stack th[scope='row'],table.stack td{display:block;width:100%}
table.stack tr{border-top:1px solid var(--line);padding:0.4rem 0}
table.stack th[scope='row'],table.stack td{border:0;padding:0.2rem 0.75rem}
table.stack td{position:relative;padding-left:calc(40% + 0.75rem);text-align:left;white-space:normal;min-height:1.8rem}
table.stack td::before{content:attr(data-label);position:absolute;left:0.75rem;top:0.3rem;width:calc(40% - 0.75rem);color:var(--muted);font-size:0.8125rem;text-transform:uppercase}
h1{font-size:1.6rem}
.verdict .icon{grid-row:1;font-size:1.4rem}
.verdict p,.verdict-reasons{grid-column:1/-1}}
@media print{
:root{color-scheme:light;--fg:#000;--surface:#f3f3f3;--muted:#333;--line:#999}
body{font-size:10.5pt}
main{max-width:none;padding:0}
.skip,.toc{display:none}
a{color:inherit;text-decoration:none}
a[href^='http']::after{content:' (' attr(href) ')';font-size:0.8em}
h2,h3,h4{break-after:avoid}
tr,figure,.card,.facts,.verdict{break-inside:avoid}
.table-wrap{overflow:visible;border:0}
table.trace{min-width:0;table-layout:auto;font-size:8.5pt}
table.trace col.artifact,table.trace col.present,table.trace col.protocol{width:auto}
table.trace th,table.trace td{font-size:inherit;padding:0.2rem 0.25rem;overflow-wrap:anywhere}
table.trace td ul{padding-left:0.7rem}
table.trace thead th{overflow-wrap:normal}
table code,.hash{white-space:normal;overflow-wrap:anywhere;min-width:0}
th,td{padding:0.3rem 0.4rem}
td.num,th.num,thead th{white-space:normal}
.gates,.cards{grid-template-columns:repeat(2,1fr)}
.flame svg{max-height:24cm;width:auto}
.chart-svg{max-width:100%}
}
`
  .trim()
  .replace(/\n/g, '');
