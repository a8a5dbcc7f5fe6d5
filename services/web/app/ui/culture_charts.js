// Small accessible SVG charts of the culture screens (surveys, processes,
// programmes). Each is an <svg role="img"> with an aria-label that says what
// it shows; the screens always put a table with the same figures next to it
// (the text alternative). No inline style: SVG presentation attributes only;
// the width follows the page (viewBox), so a chart reads on a 375 px phone.
//
//   BarChart      horizontal bars (a value per label; withheld rows say so)
//   DivergingChart bars left/right of 0 (the gap between two audiences)
//   IntervalChart a point and its 95% interval per row, 0 marked (waves)
//   QuadrantChart impact against effort, points numbered by backlog rank
//   LineChart     values over periods with a dashed target line
import { html } from './html.js';

const INK = '#1a1a1a';
const MUTED = '#4b4b4b';
const GRID = '#b1b4b6';
const BLUE = '#01689b';
const ORANGE = '#a34700';
const GREEN = '#2e7d32';

const W = 640;
// Preact sets these through element.style (CSSOM), which the CSP allows
const WIDE = { maxWidth: '46rem', display: 'block' };
const SQUARE = { maxWidth: '26rem', display: 'block' };
const LABEL_W = 210;
const ROW_H = 28;

function short(s, n = 30) {
  const t = String(s ?? '');
  return t.length > n ? `${t.slice(0, n - 1)}…` : t;
}

function fmt(v, digits = 1) {
  if (v == null || Number.isNaN(v)) return '';
  return Number(v).toLocaleString(document.documentElement.lang === 'en' ? 'en-GB' : 'nl-NL', { maximumFractionDigits: digits });
}

// rows: [{label, value, withheld, note}]; max: the scale's end (default the
// largest value); unit: appended to the value label.
export function BarChart({ label, rows, max, unit = '', digits = 1, withheldText = '' }) {
  const top = max || Math.max(1, ...rows.filter((r) => !r.withheld).map((r) => r.value || 0));
  const plot = W - LABEL_W - 70;
  const h = rows.length * ROW_H + 10;
  return html`<svg class="koers-chart" style=${WIDE} viewBox=${`0 0 ${W} ${h}`} width="100%" role="img" aria-label=${label} focusable="false">
    ${rows.map((r, i) => {
      const y = 5 + i * ROW_H;
      const w = r.withheld ? 0 : Math.max(0, (r.value || 0) / top) * plot;
      return html`<g key=${i}>
        <text x=${LABEL_W - 8} y=${y + 18} text-anchor="end" font-size="13" fill=${INK}>${short(r.label)}</text>
        ${r.withheld
          ? html`<text x=${LABEL_W + 4} y=${y + 18} font-size="13" fill=${MUTED} font-style="italic">${withheldText}</text>`
          : html`<rect x=${LABEL_W} y=${y + 4} width=${w} height=${ROW_H - 10} fill=${BLUE} />
            <text x=${LABEL_W + w + 6} y=${y + 18} font-size="13" fill=${INK}>${fmt(r.value, digits)}${unit}</text>`}
      </g>`;
    })}
  </svg>`;
}

// rows: [{label, value (may be negative), withheld}]: a bar left (b is
// higher) or right (a is higher) of the 0 line; legend names both sides.
export function DivergingChart({ label, rows, leftName, rightName, unit = '', digits = 1, withheldText = '' }) {
  const span = Math.max(1, ...rows.filter((r) => !r.withheld && r.value != null).map((r) => Math.abs(r.value)));
  const plot = W - LABEL_W - 20;
  const mid = LABEL_W + plot / 2;
  const half = plot / 2 - 40;
  const h = rows.length * ROW_H + 40;
  return html`<svg class="koers-chart" style=${WIDE} viewBox=${`0 0 ${W} ${h}`} width="100%" role="img" aria-label=${label} focusable="false">
    <text x=${mid - 6} y="14" text-anchor="end" font-size="12" fill=${MUTED}>← ${leftName}</text>
    <text x=${mid + 6} y="14" font-size="12" fill=${MUTED}>${rightName} →</text>
    <line x1=${mid} x2=${mid} y1="20" y2=${h - 4} stroke=${INK} stroke-width="1" />
    ${rows.map((r, i) => {
      const y = 24 + i * ROW_H;
      const v = r.withheld || r.value == null ? null : r.value;
      const w = v == null ? 0 : (Math.abs(v) / span) * half;
      const x = v != null && v < 0 ? mid - w : mid;
      return html`<g key=${i}>
        <text x=${LABEL_W - 8} y=${y + 18} text-anchor="end" font-size="13" fill=${INK}>${short(r.label)}</text>
        ${v == null
          ? html`<text x=${mid + 6} y=${y + 18} font-size="13" fill=${MUTED} font-style="italic">${withheldText}</text>`
          : html`<rect x=${x} y=${y + 4} width=${w} height=${ROW_H - 10} fill=${v < 0 ? ORANGE : BLUE} />
            <text x=${v < 0 ? x - 4 : x + w + 4} y=${y + 18} text-anchor=${v < 0 ? 'end' : 'start'} font-size="13" fill=${INK}>${v > 0 ? '+' : ''}${fmt(v, digits)}${unit}</text>`}
      </g>`;
    })}
  </svg>`;
}

// rows: [{label, value, lo, hi, significant, withheld}]: a dot (filled when
// the interval excludes 0) with its interval whiskers, and the 0 line.
export function IntervalChart({ label, rows, withheldText = '', digits = 2 }) {
  const vals = rows.filter((r) => !r.withheld && r.value != null).flatMap((r) => [r.value, r.lo ?? r.value, r.hi ?? r.value]);
  const span = Math.max(0.1, ...vals.map((v) => Math.abs(v)));
  const plot = W - LABEL_W - 30;
  const mid = LABEL_W + plot / 2;
  const half = plot / 2 - 10;
  const sx = (v) => mid + (v / span) * half;
  const h = rows.length * ROW_H + 30;
  return html`<svg class="koers-chart" style=${WIDE} viewBox=${`0 0 ${W} ${h}`} width="100%" role="img" aria-label=${label} focusable="false">
    <line x1=${mid} x2=${mid} y1="4" y2=${h - 20} stroke=${INK} stroke-width="1" stroke-dasharray="3 3" />
    <text x=${mid} y=${h - 4} text-anchor="middle" font-size="12" fill=${MUTED}>0</text>
    <text x=${sx(-span)} y=${h - 4} text-anchor="start" font-size="12" fill=${MUTED}>${fmt(-span, digits)}</text>
    <text x=${sx(span)} y=${h - 4} text-anchor="end" font-size="12" fill=${MUTED}>+${fmt(span, digits)}</text>
    ${rows.map((r, i) => {
      const y = 4 + i * ROW_H + ROW_H / 2;
      const ok = !r.withheld && r.value != null;
      return html`<g key=${i}>
        <text x=${LABEL_W - 8} y=${y + 5} text-anchor="end" font-size="13" fill=${INK}>${short(r.label)}</text>
        ${ok ? html`${r.lo != null && r.hi != null ? html`<line x1=${sx(r.lo)} x2=${sx(r.hi)} y1=${y} y2=${y} stroke=${BLUE} stroke-width="2" />
            <line x1=${sx(r.lo)} x2=${sx(r.lo)} y1=${y - 6} y2=${y + 6} stroke=${BLUE} stroke-width="2" />
            <line x1=${sx(r.hi)} x2=${sx(r.hi)} y1=${y - 6} y2=${y + 6} stroke=${BLUE} stroke-width="2" />` : null}
            <circle cx=${sx(r.value)} cy=${y} r="5" fill=${r.significant ? BLUE : '#ffffff'} stroke=${BLUE} stroke-width="2" />`
          : html`<text x=${mid + 6} y=${y + 5} font-size="13" fill=${MUTED} font-style="italic">${withheldText}</text>`}
      </g>`;
    })}
  </svg>`;
}

// points: [{n (the label drawn), impact 1..5, effort 1..5}]; quadrant names
// {quick_win, big_bet, fill_in, thankless} in the chosen language. High
// impact is 3 or more, low effort 1 or 2 (the processes spec).
export function QuadrantChart({ label, points, names, xLabel, yLabel }) {
  const S = 360;
  const pad = 44;
  const cell = (S - pad - 10) / 5;
  const sx = (effort) => pad + (effort - 0.5) * cell;
  const sy = (impact) => S - pad - (impact - 0.5) * cell;
  // the border between low and high: effort 2|3, impact 2|3
  const bx = pad + 2 * cell;
  const by = S - pad - 2 * cell;
  const seen = new Map();
  return html`<svg class="koers-chart koers-chart--square" style=${SQUARE} viewBox=${`0 0 ${S} ${S}`} width="100%" role="img" aria-label=${label} focusable="false">
    <rect x=${pad} y="10" width=${S - pad - 10} height=${S - pad - 10} fill="#ffffff" stroke=${GRID} />
    <line x1=${bx} x2=${bx} y1="10" y2=${S - pad} stroke=${INK} stroke-dasharray="4 3" />
    <line x1=${pad} x2=${S - 10} y1=${by} y2=${by} stroke=${INK} stroke-dasharray="4 3" />
    <text x=${pad + 4} y="24" font-size="12" fill=${GREEN} font-weight="bold">${names.quick_win}</text>
    <text x=${S - 14} y="24" text-anchor="end" font-size="12" fill=${MUTED} font-weight="bold">${names.big_bet}</text>
    <text x=${pad + 4} y=${S - pad - 6} font-size="12" fill=${MUTED} font-weight="bold">${names.fill_in}</text>
    <text x=${S - 14} y=${S - pad - 6} text-anchor="end" font-size="12" fill=${MUTED} font-weight="bold">${names.thankless}</text>
    ${[1, 2, 3, 4, 5].map((v) => html`<text key=${`x${v}`} x=${sx(v)} y=${S - pad + 16} text-anchor="middle" font-size="12" fill=${MUTED}>${v}</text>
      <text key=${`y${v}`} x=${pad - 8} y=${sy(v) + 4} text-anchor="end" font-size="12" fill=${MUTED}>${v}</text>`)}
    <text x=${pad + (S - pad) / 2} y=${S - 6} text-anchor="middle" font-size="12" fill=${INK}>${xLabel} →</text>
    <text x="12" y=${(S - pad) / 2} text-anchor="middle" font-size="12" fill=${INK} transform=${`rotate(-90 12 ${(S - pad) / 2})`}>${yLabel} →</text>
    ${points.map((p) => {
      const key = `${p.effort}:${p.impact}`;
      const k = seen.get(key) || 0;
      seen.set(key, k + 1);
      const dx = (k % 3) * 14 - 14;
      const dy = Math.floor(k / 3) * 14 - 7;
      const cx = sx(p.effort) + dx;
      const cy = sy(p.impact) + dy;
      return html`<g key=${p.n}>
        <circle cx=${cx} cy=${cy} r="9" fill=${BLUE} />
        <text x=${cx} y=${cy + 4} text-anchor="middle" font-size="11" fill="#ffffff" font-weight="bold">${p.n}</text>
      </g>`;
    })}
  </svg>`;
}

// points: [{label, value}] oldest first; target: a dashed line (optional).
export function LineChart({ label, points, target, digits = 1, targetText = '' }) {
  const H = 220;
  const left = 56;
  const right = 16;
  const top = 16;
  const bottom = 44;
  const vals = points.map((p) => p.value).concat(target != null ? [target] : []);
  let lo = Math.min(...vals);
  let hi = Math.max(...vals);
  if (!(hi > lo)) { lo -= 1; hi += 1; }
  const padv = (hi - lo) * 0.1;
  lo -= padv;
  hi += padv;
  const n = points.length;
  const sx = (i) => left + (n <= 1 ? (W - left - right) / 2 : (i * (W - left - right)) / (n - 1));
  const sy = (v) => top + ((hi - v) * (H - top - bottom)) / (hi - lo);
  const path = points.map((p, i) => `${i ? 'L' : 'M'}${sx(i).toFixed(1)},${sy(p.value).toFixed(1)}`).join(' ');
  const every = Math.max(1, Math.ceil(n / 6));
  return html`<svg class="koers-chart" style=${WIDE} viewBox=${`0 0 ${W} ${H}`} width="100%" role="img" aria-label=${label} focusable="false">
    <line x1=${left} x2=${left} y1=${top} y2=${H - bottom} stroke=${GRID} />
    <line x1=${left} x2=${W - right} y1=${H - bottom} y2=${H - bottom} stroke=${GRID} />
    <text x=${left - 6} y=${sy(hi - padv) + 4} text-anchor="end" font-size="12" fill=${MUTED}>${fmt(hi - padv, digits)}</text>
    <text x=${left - 6} y=${sy(lo + padv) + 4} text-anchor="end" font-size="12" fill=${MUTED}>${fmt(lo + padv, digits)}</text>
    ${target != null ? html`<line x1=${left} x2=${W - right} y1=${sy(target)} y2=${sy(target)} stroke=${ORANGE} stroke-width="2" stroke-dasharray="6 4" />
      <text x=${W - right} y=${sy(target) - 5} text-anchor="end" font-size="12" fill=${ORANGE}>${targetText} ${fmt(target, digits)}</text>` : null}
    ${n > 1 ? html`<path d=${path} fill="none" stroke=${BLUE} stroke-width="2.5" />` : null}
    ${points.map((p, i) => html`<g key=${i}>
      <circle cx=${sx(i)} cy=${sy(p.value)} r="4" fill=${BLUE} />
      ${i % every === 0 || i === n - 1 ? html`<text x=${sx(i)} y=${H - bottom + 18} text-anchor=${n > 1 && i === n - 1 ? 'end' : n > 1 && i === 0 ? 'start' : 'middle'} font-size="12" fill=${MUTED}>${short(p.label, 12)}</text>` : null}
    </g>`)}
  </svg>`;
}
