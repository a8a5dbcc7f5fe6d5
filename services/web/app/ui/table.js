// A table with a caption; on a narrow screen it scrolls sideways inside a
// focusable region (keyboard users can scroll it too).
import { html } from './html.js';
import { t } from '../i18n.js';

export function Table({ caption, columns, rows, rowKey = (r) => r.id, captionHidden = false }) {
  return html`<div class="utrecht-table-container koers-table-scroll" tabindex="0" role="region" aria-label=${caption || t('common.scrollTable')}>
    <table class="utrecht-table utrecht-table--html-table">
      ${caption ? html`<caption class=${`utrecht-table__caption${captionHidden ? ' koers-visually-hidden' : ''}`}>${caption}</caption>` : null}
      <thead class="utrecht-table__header">
        <tr class="utrecht-table__row">
          ${columns.map((c) => html`<th scope="col" class=${`utrecht-table__header-cell${c.numeric ? ' utrecht-table__header-cell--numeric-column' : ''}`}>${c.label}</th>`)}
        </tr>
      </thead>
      <tbody class="utrecht-table__body">
        ${rows.map((r) => html`<tr class="utrecht-table__row" key=${rowKey(r)}>
          ${columns.map((c, i) => (i === 0 && c.rowHeader
            ? html`<th scope="row" class="utrecht-table__header-cell">${c.render ? c.render(r) : r[c.key]}</th>`
            : html`<td class=${`utrecht-table__cell${c.numeric ? ' utrecht-table__cell--numeric-data' : ''}`}>${c.render ? c.render(r) : r[c.key]}</td>`))}
        </tr>`)}
      </tbody>
    </table>
  </div>`;
}

// Key/value pairs (a case's details).
export function DataList({ items }) {
  return html`<dl class="utrecht-data-list utrecht-data-list--rows">
    ${items.filter(Boolean).map(([k, v]) => html`<div class="utrecht-data-list__item">
      <dt class="utrecht-data-list__item-key">${k}</dt>
      <dd class="utrecht-data-list__item-value utrecht-data-list__item-value--html-dd">${v == null || v === '' ? '—' : v}</dd>
    </div>`)}
  </dl>`;
}
