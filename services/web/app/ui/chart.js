// Charts of the workplace, each with a text alternative:
//
//   <BarChart id title series=[{key, label}] rows=[{label, values: {key: n}}]
//             format=(n) => text max? />
//     horizontal grouped bars in SVG drawn at the container's own width (so
//     the words stay readable on a phone); the SVG is an image whose
//     description lists every figure, and the same figures follow as a
//     table (in a <details>, keyboard reachable).
//   <TimeChart id title series=[{key, label}] points=[{x: Date, values}] format />
//     a time series with uPlot, its figures as a table too.
//
// Colours come from a fixed palette with at least 3:1 contrast on white;
// the legend names each series in words (colour is never the only cue).
// No inline style attributes: sizes are SVG attributes, uPlot sets its own
// styles through the DOM.
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from './html.js';
import { t, addTexts, getLang } from '../i18n.js';

addTexts({
  nl: {
    'chart.table': 'Toon de cijfers als tabel',
    'chart.group': 'Groep',
    'chart.noData': 'geen gegevens',
    'chart.legend': 'Legenda',
    'chart.when': 'Periode',
  },
  en: {
    'chart.table': 'Show the figures as a table',
    'chart.group': 'Group',
    'chart.noData': 'no data',
    'chart.legend': 'Legend',
    'chart.when': 'Period',
  },
});

export const PALETTE = ['#01689b', '#8a6a00', '#0b5d1e', '#8a1020', '#5a3d8a', '#4b4b4b'];

// Loads a style sheet of ours (or /vendor/) once, by a <link> (the CSP
// allows style sheets from 'self', not inline styles).
export function useStyleSheet(href) {
  if (typeof document === 'undefined') return;
  if (document.head.querySelector(`link[data-koers="${href}"]`)) return;
  const l = document.createElement('link');
  l.rel = 'stylesheet';
  l.href = href;
  l.dataset.koers = href;
  document.head.appendChild(l);
}

// uPlot's minified build (22 KB compressed; the package has no minified ES
// module, and its plain one is 42 KB), loaded once as a script of our own
// origin (the CSP's script-src 'self'); it defines window.uPlot.
const UPLOT_SRC = '/vendor/uplot/dist/uPlot.iife.min.js';
let uplotLoading = null;
function loadUPlot() {
  if (window.uPlot) return Promise.resolve(window.uPlot);
  uplotLoading = uplotLoading || new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = UPLOT_SRC;
    s.onload = () => (window.uPlot ? resolve(window.uPlot) : reject(new Error('uPlot did not load')));
    s.onerror = () => { uplotLoading = null; s.remove(); reject(new Error('uPlot did not load')); };
    document.head.appendChild(s);
  });
  return uplotLoading;
}

function useWidth(ref, fallback = 320) {
  const [w, setW] = useState(fallback);
  useEffect(() => {
    const el = ref.current;
    if (!el) return undefined;
    const set = () => setW(Math.max(240, Math.floor(el.clientWidth || fallback)));
    set();
    if (typeof ResizeObserver === 'undefined') return undefined;
    const ro = new ResizeObserver(set);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return w;
}

// a tick of the time axis as people here read it: "7 nov"
function dayLabel(sec) {
  return new Date(sec * 1000).toLocaleDateString(getLang() === 'en' ? 'en-GB' : 'nl-NL', { timeZone: 'UTC', day: 'numeric', month: 'short' });
}

const fmtDefault = (n) => (n == null ? t('chart.noData') : String(n));

function Legend({ series }) {
  if (series.length < 2) return null;
  return html`<ul class="koers-chart__legend" aria-label=${t('chart.legend')}>
    ${series.map((s, i) => html`<li class="koers-chart__legend-item">
      <svg width="14" height="14" aria-hidden="true" focusable="false"><rect width="14" height="14" fill=${s.color || PALETTE[i % PALETTE.length]} /></svg>
      ${' '}${s.label}</li>`)}
  </ul>`;
}

function FigureTable({ caption, series, rows, format, first }) {
  return html`<details class="koers-chart__details">
    <summary class="koers-chart__summary">${t('chart.table')}</summary>
    <div class="utrecht-table-container koers-table-scroll" tabindex="0" role="region" aria-label=${caption}>
      <table class="utrecht-table utrecht-table--html-table">
        <caption class="utrecht-table__caption">${caption}</caption>
        <thead class="utrecht-table__header"><tr class="utrecht-table__row">
          <th scope="col" class="utrecht-table__header-cell">${first || t('chart.group')}</th>
          ${series.map((s) => html`<th scope="col" class="utrecht-table__header-cell utrecht-table__header-cell--numeric-column">${s.label}</th>`)}
        </tr></thead>
        <tbody class="utrecht-table__body">
          ${rows.map((r) => html`<tr class="utrecht-table__row">
            <th scope="row" class="utrecht-table__header-cell">${r.label}</th>
            ${series.map((s) => html`<td class="utrecht-table__cell utrecht-table__cell--numeric-data">${format(r.values[s.key], s)}</td>`)}
          </tr>`)}
        </tbody>
      </table>
    </div>
  </details>`;
}

// Horizontal grouped bars: per row its label on a line of its own, then one
// bar per series with its value written after it.
export function BarChart({ id, title, description, series, rows, format = fmtDefault, max, first }) {
  const ref = useRef(null);
  const width = useWidth(ref);
  const BAR = 16;
  const GAP = 4;
  const LABEL = 22;
  const ROW_GAP = 12;
  const valueRoom = 96;
  const barMax = Math.max(40, width - valueRoom - 4);
  const all = rows.flatMap((r) => series.map((s) => r.values[s.key])).filter((v) => typeof v === 'number' && Number.isFinite(v));
  const top = max != null ? max : Math.max(1, ...all);
  const rowH = LABEL + series.length * (BAR + GAP) + ROW_GAP;
  const height = Math.max(rowH * rows.length, 24);
  const descText = rows.map((r) => `${r.label}: ${series.map((s) => `${series.length > 1 ? `${s.label} ` : ''}${format(r.values[s.key], s)}`).join(', ')}`).join('; ');
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  return html`<figure class="koers-chart" id=${id}>
    <figcaption class="koers-chart__title" id=${titleId}><strong>${title}</strong>${description ? html`<br /><span class="koers-muted">${description}</span>` : null}</figcaption>
    <${Legend} series=${series} />
    <div class="koers-chart__canvas" ref=${ref}>
      ${rows.length === 0 ? html`<p class="utrecht-paragraph koers-muted">${t('chart.noData')}</p>` : html`
      <svg role="img" aria-labelledby=${`${titleId} ${descId}`} width=${width} height=${height} viewBox=${`0 0 ${width} ${height}`} class="koers-chart__svg">
        <desc id=${descId}>${descText}</desc>
        ${rows.map((r, ri) => {
          const y0 = ri * rowH;
          return html`<g>
            <text x="0" y=${y0 + 15} font-size="14" font-weight="600" fill="#1a1a1a">${r.label}</text>
            ${series.map((s, si) => {
              const v = r.values[s.key];
              const y = y0 + LABEL + si * (BAR + GAP);
              const ok = typeof v === 'number' && Number.isFinite(v);
              const w = ok ? Math.max(v > 0 ? 2 : 0, Math.round((Math.min(v, top) / top) * barMax)) : 0;
              return html`<g>
                <rect x="0" y=${y} width=${w} height=${BAR} fill=${s.color || PALETTE[si % PALETTE.length]} />
                <text x=${w + 6} y=${y + BAR - 3} font-size="13" fill="#1a1a1a">${format(v, s)}</text>
              </g>`;
            })}
          </g>`;
        })}
      </svg>`}
    </div>
    <${FigureTable} caption=${title} series=${series} rows=${rows} format=${format} first=${first} />
  </figure>`;
}

// A time series drawn by uPlot (loaded only when a screen needs it).
export function TimeChart({ id, title, description, series, points, format = fmtDefault, labelOf }) {
  const ref = useRef(null);
  const width = useWidth(ref);
  const [problem, setProblem] = useState(null);
  useStyleSheet('/vendor/uplot/dist/uPlot.min.css');
  useEffect(() => {
    const el = ref.current;
    if (!el || points.length === 0) return undefined;
    let plot = null;
    let gone = false;
    loadUPlot().then((UPlot) => {
      if (gone) return;
      const data = [points.map((p) => p.x.getTime() / 1000), ...series.map((s) => points.map((p) => p.values[s.key] ?? null))];
      plot = new UPlot({
        width: Math.max(240, width - 8),
        height: 240,
        legend: { show: false },
        cursor: { show: false },
        scales: { x: { time: true } },
        axes: [{ stroke: '#1a1a1a', grid: { stroke: '#e0e0e0' }, values: (u, splits) => splits.map((v) => dayLabel(v)) }, { stroke: '#1a1a1a', grid: { stroke: '#e0e0e0' } }],
        series: [{}, ...series.map((s, i) => ({ label: s.label, stroke: s.color || PALETTE[i % PALETTE.length], width: 2,
          points: { show: true, size: 6 } }))],
      }, data, el);
      // uPlot's canvas is an image for assistive technology; the table tells
      el.querySelectorAll('canvas').forEach((c) => c.setAttribute('aria-hidden', 'true'));
    }).catch((e) => setProblem(String(e && e.message || e)));
    return () => { gone = true; if (plot) plot.destroy(); };
  }, [points, width]);
  const titleId = `${id}-title`;
  const rows = points.map((p) => ({ label: labelOf ? labelOf(p) : p.x.toISOString().slice(0, 10), values: p.values }));
  return html`<figure class="koers-chart" id=${id} aria-labelledby=${titleId}>
    <figcaption class="koers-chart__title" id=${titleId}><strong>${title}</strong>${description ? html`<br /><span class="koers-muted">${description}</span>` : null}</figcaption>
    <${Legend} series=${series} />
    ${problem ? html`<p class="utrecht-paragraph koers-muted">${problem}</p>` : null}
    <div class="koers-chart__canvas koers-chart__uplot" ref=${ref} aria-hidden="true"></div>
    <${FigureTable} caption=${title} series=${series} rows=${rows} format=${format} first=${t('chart.when')} />
  </figure>`;
}
