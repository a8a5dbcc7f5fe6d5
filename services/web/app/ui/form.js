// Form parts: every control has a visible label, an optional description
// and its error (aria-describedby, aria-invalid); ErrorSummary lists the
// errors at the top with links to the fields and takes the focus.
import { useEffect, useRef } from 'preact/hooks';
import { html } from './html.js';
import { t } from '../i18n.js';

function describedBy(id, description, error) {
  return [description ? `${id}-desc` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
}

export function Field({ id, label, description, error, required, children, live }) {
  return html`<div class=${`utrecht-form-field utrecht-form-field--distanced${error ? ' utrecht-form-field--invalid' : ''}`}>
    <div class="utrecht-form-field__label">
      <label class="utrecht-form-label" for=${id}>${label}${required ? null : html` <span class="koers-muted">${t('common.optional')}</span>`}</label>
    </div>
    ${description ? html`<div class="utrecht-form-field__description utrecht-form-field-description" id=${`${id}-desc`} aria-live=${live ? 'polite' : undefined}>${description}</div>` : null}
    ${error ? html`<div class="utrecht-form-field__error-message utrecht-form-field-error-message" id=${`${id}-error`}>${error}</div>` : null}
    <div class="utrecht-form-field__input">${children}</div>
  </div>`;
}

export function TextInput({ id, label, description, error, required, value, onInput, type = 'text', ...rest }) {
  return html`<${Field} id=${id} label=${label} description=${description} error=${error} required=${required}>
    <input id=${id} name=${id} type=${type} class=${`utrecht-textbox utrecht-textbox--html-input${error ? ' utrecht-textbox--invalid' : ''}`}
      value=${value} onInput=${(e) => onInput(e.currentTarget.value)} aria-required=${required ? 'true' : undefined}
      aria-invalid=${error ? 'true' : undefined} aria-describedby=${describedBy(id, description, error)} ...${rest} />
  </${Field}>`;
}

export function TextArea({ id, label, description, error, required, value, onInput, rows = 4, live, ...rest }) {
  return html`<${Field} id=${id} label=${label} description=${description} error=${error} required=${required} live=${live}>
    <textarea id=${id} name=${id} rows=${rows} class=${`utrecht-textarea utrecht-textarea--html-textarea${error ? ' utrecht-textarea--invalid' : ''}`}
      value=${value} onInput=${(e) => onInput(e.currentTarget.value)} aria-required=${required ? 'true' : undefined}
      aria-invalid=${error ? 'true' : undefined} aria-describedby=${describedBy(id, description, error)} ...${rest}></textarea>
  </${Field}>`;
}

export function Select({ id, label, description, error, required, value, onChange, options, ...rest }) {
  return html`<${Field} id=${id} label=${label} description=${description} error=${error} required=${required}>
    <select id=${id} name=${id} class=${`utrecht-select utrecht-select--html-select${error ? ' utrecht-select--invalid' : ''}`}
      value=${value} onChange=${(e) => onChange(e.currentTarget.value)} aria-required=${required ? 'true' : undefined}
      aria-invalid=${error ? 'true' : undefined} aria-describedby=${describedBy(id, description, error)} ...${rest}>
      ${options.map((o) => html`<option value=${o.value}>${o.label}</option>`)}
    </select>
  </${Field}>`;
}

// A group of radio buttons in a fieldset with a legend.
export function RadioGroup({ name, legend, value, onChange, options, error }) {
  return html`<fieldset class=${`utrecht-form-fieldset utrecht-form-fieldset--html-fieldset koers-radios${error ? ' utrecht-form-fieldset--invalid' : ''}`}
      aria-describedby=${error ? `${name}-error` : undefined}>
    <legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">${legend}</legend>
    ${error ? html`<div class="utrecht-form-field-error-message" id=${`${name}-error`}>${error}</div>` : null}
    ${options.map((o) => html`<div class="utrecht-form-field utrecht-form-field--radio">
      <input type="radio" class="utrecht-radio-button utrecht-radio-button--html-input" id=${`${name}-${o.value}`} name=${name}
        value=${o.value} checked=${String(value) === String(o.value)} onChange=${() => onChange(o.value)} />
      <label class="utrecht-form-label utrecht-form-label--radio" for=${`${name}-${o.value}`}>${o.label}</label>
    </div>`)}
  </fieldset>`;
}

// errors: [{id, text}] (id = the field's id). Takes the focus when it appears.
export function ErrorSummary({ errors, title }) {
  const ref = useRef(null);
  const shown = errors && errors.length > 0;
  useEffect(() => { if (shown && ref.current) ref.current.focus(); }, [shown, errors]);
  if (!shown) return null;
  return html`<div class="utrecht-alert utrecht-alert--error koers-error-summary" role="alert" tabindex="-1" ref=${ref}>
    <div class="utrecht-alert__content"><div class="utrecht-alert__message">
      <p class="utrecht-paragraph"><strong>${title || t('common.errorSummary')}</strong></p>
      <ul class="utrecht-unordered-list">
        ${errors.map((e) => html`<li class="utrecht-unordered-list__item">${e.id ? html`<a class="utrecht-link" href=${`#${e.id}`} onClick=${(ev) => focusField(ev, e.id)}>${e.text}</a>` : e.text}</li>`)}
      </ul>
    </div></div>
  </div>`;
}

function focusField(ev, id) {
  const el = document.getElementById(id);
  if (el) {
    ev.preventDefault();
    el.focus();
  }
}

export function Button({ kind = 'primary', type = 'button', busy, children, ...rest }) {
  return html`<button type=${type} class=${`utrecht-button utrecht-button--${kind}-action${busy ? ' utrecht-button--busy' : ''}`}
    aria-busy=${busy ? 'true' : undefined} disabled=${busy || undefined} ...${rest}>${children}</button>`;
}

// Field errors from an ApiProblem's invalidParams (names as the API gives
// them) mapped onto form field ids: {fieldId: reason}.
export function fieldErrors(problem, names) {
  const out = {};
  if (!problem || !problem.invalidParams) return out;
  for (const p of problem.invalidParams) {
    const id = names[p.name] || names[p.name.split('.')[0]];
    if (id && !out[id]) out[id] = p.reason;
  }
  return out;
}
