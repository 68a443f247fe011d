/**
 * The page's style sheet. Colours only reinforce what the text says (every status and link state
 * is also written out); each pair of text and background colour has a contrast ratio of at least
 * 7:1. Narrow screens get one column and scrolling tables; print drops the filters and keeps each
 * result on one page where it fits.
 */
export const STYLE = `
:root{--fg:#1b1f24;--muted:#454c56;--line:#c9ced6;--bg:#fff;--soft:#f4f6f8;--link:#0b4ea2}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
a{color:var(--link)}
:focus-visible{outline:3px solid #0b4ea2;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:var(--bg);padding:.5rem;z-index:1}
header,main,footer{max-width:80rem;margin:0 auto;padding:0 1.25rem}
header{padding-top:1rem;border-bottom:1px solid var(--line)}
h1{font-size:1.6rem;margin:.5rem 0}
h2{font-size:1.35rem;margin:2rem 0 .75rem;border-bottom:2px solid var(--line)}
h3{font-size:1.15rem;margin:0 0 .25rem}
h4{font-size:1rem;margin:0 0 .25rem;font-weight:600}
h5{font-size:.95rem;margin:.75rem 0 .25rem}
nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:.25rem 1.25rem;padding:0;margin:.5rem 0}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.88em;overflow-wrap:anywhere}
pre{white-space:pre-wrap;background:var(--soft);padding:.5rem;margin:.25rem 0}
table{border-collapse:collapse;margin:.5rem 0}
caption{text-align:left;font-weight:600;padding-bottom:.25rem}
th,td{border:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top}
thead th{background:var(--soft)}
.scroll{overflow-x:auto;max-width:100%}
.counts{display:flex;flex-wrap:wrap;gap:0 2rem}
.counts td{text-align:center;font-weight:600;min-width:5.5rem}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}
.facts dt,.meta dt{font-weight:600}
.facts dd,.meta dd{margin:0}
.meta{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:.5rem 0}
.id{color:var(--muted);font-weight:400;font-size:.85em}
.matrix th,.matrix td{white-space:nowrap;font-size:.85rem;padding:.2rem .4rem}
.matrix td a{color:inherit}
.filters{border-bottom:1px solid var(--line);padding:.5rem 0;display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:flex-end}
.filters fieldset{border:1px solid var(--line);margin:0;padding:.25rem .6rem;display:flex;flex-wrap:wrap;gap:.1rem .8rem}
.filters p{margin:0}
.filters button{font:inherit;padding:.25rem .75rem}
select{font:inherit;max-width:16rem}
.control{border-top:2px solid var(--line);padding:1rem 0}
.tally{color:var(--muted);margin:0}
.result{border:1px solid var(--line);border-left-width:6px;padding:.6rem .8rem;margin:.75rem 0;content-visibility:auto;contain-intrinsic-size:auto 14rem}
.result p{margin:.2rem 0}
.where{color:var(--muted);font-size:.9rem}
.note,.call{background:var(--soft);padding:.25rem .5rem}
.badge{display:inline-block;padding:0 .45rem;border:1px solid currentColor;border-radius:3px;font-size:.8rem;font-weight:700;letter-spacing:.02em;margin-right:.25rem}
.s-FAIL{color:#7d0a0a;background:#fde7e7}
.s-ERROR{color:#6b3800;background:#fff1dc}
.s-PASS{color:#0a5224;background:#e1f5e7}
.s-NOT_APPLICABLE{color:#3a414b;background:#eef0f3}
.s-SUPPRESSED{color:#4a2777;background:#f0e9fb}
.result[data-status=FAIL]{border-left-color:#b42318}
.result[data-status=ERROR]{border-left-color:#b35c00}
.result[data-status=PASS]{border-left-color:#1a7f37}
.result[data-status=SUPPRESSED]{border-left-color:#6941c6}
.links{list-style:none;padding:0;margin:.25rem 0;display:flex;flex-wrap:wrap;align-items:flex-start;gap:.5rem 1.6rem}
.link{position:relative;border:1px solid var(--line);border-radius:4px;padding:.3rem .5rem;max-width:24rem;background:var(--bg)}
.link+.link::before{content:"→";position:absolute;left:-1.3rem;top:.3rem;color:var(--muted)}
.link .state{display:block;font-size:.75rem;font-weight:700;text-transform:uppercase;letter-spacing:.03em}
.link .name{font-weight:600}
.link .detail{color:var(--muted);font-size:.9em}
.link.holds{border-color:#1a7f37}.link.holds .state{color:#0a5224}
.link.broken{border:2px solid #b42318;background:#fde7e7}.link.broken .state{color:#7d0a0a}
.link.not-reached{border-style:dashed;color:var(--muted)}
.why{margin:.25rem 0 0;font-size:.92em}
.rules th{white-space:nowrap}
.rules td{overflow-wrap:anywhere;min-width:8rem}
.rules tr.broken th{color:#7d0a0a}
.undecided li{margin:.25rem 0}
footer{color:var(--muted);font-size:.85rem;padding:2rem 1.25rem}
[hidden]{display:none!important}
@media (max-width:40rem){
 header,main,footer{padding:0 .75rem}
 .facts,.meta{grid-template-columns:1fr}
 .facts dd,.meta dd{margin-bottom:.4rem}
 .links{flex-direction:column;align-items:stretch;gap:1.4rem}
 .link{max-width:none}
 .link+.link::before{content:"↓";left:1rem;top:-1.4rem}
 .counts td{min-width:0}
}
@media print{
 .filters,nav,.skip{display:none!important}
 body{font-size:11pt}
 a{color:inherit;text-decoration:none}
 .result{content-visibility:visible}
 .result,.link,tr{break-inside:avoid}
 h3,h4{break-after:avoid}
 details::details-content{content-visibility:visible;display:block}
 .scroll{overflow:visible}
}
`;
