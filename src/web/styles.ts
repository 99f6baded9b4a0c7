/** One small stylesheet inline: no build step, no extra request, readable from 375 px up. */
export const STYLES = `
:root{--fg:#1a1a1a;--muted:#555;--bg:#fff;--line:#d0d0d0;--accent:#0b57d0;--ok:#146c2e;--warn:#8a5300;--bad:#b3261e;--soft:#f4f6f8}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
a{color:var(--accent)}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible,summary:focus-visible{outline:3px solid #ffb000;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:4px 8px;z-index:2}
header.top{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;padding:.75rem 1rem;background:#102a43;color:#fff}
header.top a{color:#fff}header.top nav{display:flex;flex-wrap:wrap;gap:.25rem 1rem;flex:1}
header.top nav a{text-decoration:none;padding:.1rem 0;border-bottom:2px solid transparent}
header.top nav a:hover{border-bottom-color:#9fb3c8}header.top nav a[aria-current=page]{border-bottom-color:#fff;font-weight:700}
header.top .brand{font-weight:700;text-decoration:none}
@media (max-width:40rem){header.top nav{order:3;flex-basis:100%}header.top .who{display:none}header.top .brand{margin-right:auto}}
header.top form{margin:0}
header.top button{background:transparent;color:#fff;border:1px solid #fff}
main{max-width:64rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;margin:.5rem 0 1rem}h2{font-size:1.2rem;margin:1.5rem 0 .5rem}
.card{border:1px solid var(--line);border-radius:8px;padding:1rem;margin:0 0 1rem;background:#fff}
.grid{display:grid;gap:1rem;grid-template-columns:repeat(auto-fill,minmax(18rem,1fr))}
.muted{color:var(--muted)}.small{font-size:.875rem}
.badge{display:inline-block;padding:0 .5rem;border-radius:999px;font-size:.8rem;font-weight:600;border:1px solid currentColor}
.s-ok{color:var(--ok)}.s-warn{color:var(--warn)}.s-bad{color:var(--bad)}.s-idle{color:var(--muted)}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.4rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
.table-wrap{overflow-x:auto}
label{display:block;font-weight:600;margin:.5rem 0 .2rem}
input,select,textarea{font:inherit;width:100%;padding:.45rem .5rem;border:1px solid #767676;border-radius:6px;background:#fff;color:var(--fg)}
textarea{min-height:5rem}
.row{display:grid;gap:0 1rem;grid-template-columns:repeat(auto-fill,minmax(10rem,1fr))}
button,.button{font:inherit;font-weight:600;padding:.45rem .9rem;border-radius:6px;border:1px solid var(--accent);background:var(--accent);color:#fff;cursor:pointer;text-decoration:none;display:inline-block;margin:.5rem .5rem 0 0}
button.secondary{background:#fff;color:var(--accent)}
.flash{padding:.75rem 1rem;border-radius:6px;margin:0 0 1rem;border:1px solid}
.flash.ok{background:#e6f4ea;border-color:var(--ok)}.flash.bad{background:#fce8e6;border-color:var(--bad)}.flash.info{background:var(--soft);border-color:var(--line)}
.pin{font:700 1.25rem/1 ui-monospace,Menlo,monospace;letter-spacing:.1em}
.preview{white-space:pre-wrap;background:var(--soft);padding:.75rem;border-radius:6px;border:1px solid var(--line)}
.error-text{color:var(--bad);font-size:.9rem;margin:.2rem 0 0}
details.fold{border:1px solid var(--line);border-radius:8px;margin:0 0 1rem;background:#fff}
details.fold>summary{cursor:pointer;font-weight:600;padding:.6rem 1rem;color:var(--accent)}
details.fold[open]>summary{border-bottom:1px solid var(--line)}
details.fold>form,details.fold>div{padding:0 1rem 1rem}
.subnav{display:flex;flex-wrap:wrap;gap:.25rem 1rem;margin:0 0 1rem;padding:0;list-style:none;border-bottom:1px solid var(--line)}
.subnav a{display:inline-block;padding:.3rem 0;text-decoration:none;border-bottom:3px solid transparent}
.subnav a[aria-current=page]{border-bottom-color:var(--accent);font-weight:700;color:var(--fg)}
.nowrap{white-space:nowrap}
ul.day li{padding:.6rem .75rem;border:1px solid var(--line);border-radius:8px;margin:0 0 .5rem;border-left-width:6px}
ul.day li.has-problem{border-left-color:var(--bad);background:#fffafa}
ul.day p{margin:0}.item-head{font-weight:400}.item-state{margin-top:.25rem!important;line-height:1.9}
.kind{display:inline-block;min-width:6.5rem;font-weight:700;font-size:.8rem;text-transform:uppercase;letter-spacing:.03em;color:var(--muted)}
.k-arrival{color:var(--ok)}.k-turnover{color:var(--accent)}
.inline-form{display:inline-block;margin:0}
details.manage{margin:.25rem 0 0}details.manage>summary{cursor:pointer;color:var(--accent);font-size:.9rem}
details.manage>div{padding:.25rem 0 .5rem}
li.block-item{background:repeating-linear-gradient(135deg,#f4f6f8 0 8px,#fff 8px 16px)}
ul.plain{list-style:none;padding:0;margin:0}ul.plain li{padding:.35rem 0;border-bottom:1px solid var(--line)}
.vh{position:absolute;width:1px;height:1px;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0;padding:0}
.cal-nav{display:flex;flex-wrap:wrap;gap:.25rem 1.5rem;margin:0 0 .5rem}
.cal-wrap{overflow-x:auto;border:1px solid var(--line);border-radius:8px;margin:0 0 1rem}
.cal{min-width:50rem}
.cal-row{display:grid;grid-template-columns:7rem 1fr}
.cal-head{border-bottom:1px solid var(--line)}
.cal-days{display:grid;text-align:center;font-size:.75rem;line-height:1.2}
.cal-days span{padding:.2rem 0;border-left:1px solid #e6e6e6}.cal-days b,.cal-days small{display:block}
.cal-days .weekend{background:var(--soft)}.cal-days .today{background:var(--accent);color:#fff}
.cal-label{padding:.3rem .5rem;color:var(--muted)}
ul.plain li.cal-property{padding:.25rem 0}.cal-name{font-size:1rem;margin:.25rem .5rem}
.cal-lane{position:relative;height:2rem;background-image:linear-gradient(to right,#e6e6e6 1px,transparent 1px)}
.cal-today{position:absolute;top:0;bottom:0;background:#0b57d014;border-left:2px solid var(--accent)}
.cal-empty{position:absolute;left:.5rem;top:.35rem}
.bar{position:absolute;top:.25rem;height:1.5rem;min-width:1.5rem;overflow:hidden;white-space:nowrap;text-overflow:ellipsis;font-size:.75rem;line-height:1.4rem;padding:0 .3rem;border-radius:4px;text-decoration:none;border:1px solid}
.bar:focus-visible,.bar:hover{z-index:1;overflow:visible;text-decoration:underline}
.b-stay{background:#dbe7fb;color:#0a2a5c;border-color:#5b82c9}
.b-block{background:repeating-linear-gradient(135deg,#e9ecef 0 6px,#fff 6px 12px);color:#222;border-color:#777}
.b-turnover{background:#efe7fb;color:#3b1f73;border-color:#8c6cc4}
.c-ok{background:#e6f4ea;color:#0d4f1f;border-color:var(--ok)}.c-wait{background:#fff4e0;color:#5c3a00;border-color:var(--warn)}
.c-bad{background:#fce8e6;color:#8c1d18;border-color:var(--bad)}.c-done{background:#f1f1f1;color:#444;border-color:#999}
.from-before{border-left-style:dashed;border-top-left-radius:0;border-bottom-left-radius:0}
.until-after{border-right-style:dashed;border-top-right-radius:0;border-bottom-right-radius:0}
figure.battery{margin:.35rem 0 0}figure.battery svg{display:block;max-width:100%;height:auto}figure.battery figcaption{color:var(--muted)}
.battery-bg{fill:var(--soft)}.battery-low{stroke:var(--warn);stroke-dasharray:4 3;stroke-width:1}
.battery-cross{stroke:var(--bad);stroke-width:1.5}.battery-line{fill:none;stroke:var(--accent);stroke-width:2}
.cal-legend .bar{position:static;display:inline-block;margin:0 .25rem .25rem 0}
`;
