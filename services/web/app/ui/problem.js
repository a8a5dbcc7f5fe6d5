// A problem shown to a person: the API's detail in plain words, the title
// and status for support, and a way out (try again, or back).
import { html } from './html.js';
import { t } from '../i18n.js';

export function ProblemMessage({ problem, onRetry, title }) {
  if (!problem) return null;
  const detail = problem.detail || problem.message || String(problem);
  return html`<div class="utrecht-alert utrecht-alert--error koers-problem" role="alert">
    <div class="utrecht-alert__content">
      <div class="utrecht-alert__message">
        <p class="utrecht-paragraph"><strong>${title || t('problem.title')}</strong></p>
        <p class="utrecht-paragraph koers-problem__detail">${detail}</p>
        ${problem.status ? html`<p class="utrecht-paragraph koers-muted">${problem.title ? `${problem.title} · ` : ''}${t('problem.status', { status: problem.status })}</p>` : null}
        ${onRetry ? html`<p class="utrecht-paragraph"><button type="button" class="utrecht-button utrecht-button--secondary-action" onClick=${onRetry}>${t('common.retry')}</button></p>` : null}
      </div>
    </div>
  </div>`;
}

export function Notice({ kind = 'ok', children }) {
  return html`<div class=${`utrecht-alert utrecht-alert--${kind}`} role="status">
    <div class="utrecht-alert__content"><div class="utrecht-alert__message">${children}</div></div>
  </div>`;
}
