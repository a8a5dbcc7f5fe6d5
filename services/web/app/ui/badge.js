// Status badges: the word is always there (colour is never the only cue).
import { html } from './html.js';

export function StatusBadge({ kind = 'neutral', children, label }) {
  return html`<span class=${`utrecht-badge-status koers-badge koers-badge--${kind}`} title=${label}>${children}</span>`;
}
