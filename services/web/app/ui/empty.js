import { html } from './html.js';

export function EmptyState({ title, children }) {
  return html`<div class="koers-empty" role="status">
    <p class="utrecht-paragraph"><strong>${title}</strong></p>
    ${children ? html`<p class="utrecht-paragraph">${children}</p>` : null}
  </div>`;
}
