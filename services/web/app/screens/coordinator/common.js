// What the coordinator's screens share: the area's style sheet, check
// boxes, the 422's invalidParams mapped onto field ids, the officers and
// categories as pick lists, and a form frame that shows the API's problem
// (its detail) or the field errors with their summary.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../../api.js';
import { html, ErrorSummary, ProblemMessage, Resource, useResource } from '../../ui/index.js';
import { useStyleSheet } from '../../ui/chart.js';
import { t, addTexts } from '../../i18n.js';
import { loadAll } from '../casedesk/lists.js';

export { loadAll };

export function useAreaStyles() {
  useStyleSheet('/styles/coordinator.css');
}

// {fieldId: reason} from a problem's invalidParams; `officerIds[0]`,
// `keywords.1` and `officerIds` all land on the field of `officerIds`.
export function invalidFields(problem, names) {
  const out = {};
  if (!problem || !Array.isArray(problem.invalidParams)) return out;
  for (const p of problem.invalidParams) {
    const base = String(p.name || '').replace(/^\/+/, '').split(/[.[/]/)[0];
    const id = names[p.name] || names[base];
    if (id && !out[id]) out[id] = p.reason;
  }
  return out;
}

// The name of a field as its label shows it (without "(niet verplicht)").
function fieldName(id) {
  if (typeof document === 'undefined') return '';
  const label = document.querySelector(`label[for="${id}"]`);
  const el = label || (document.getElementById(id) && document.getElementById(id).querySelector('legend'));
  if (!el) return '';
  const first = el.firstChild;
  return (first && first.nodeType === 3 ? first.textContent : el.textContent).trim();
}

// The error summary (field errors, each named by its field) or the
// problem's detail (anything else); a 412 (changed by someone else since
// the form was opened) says so and offers to load the latest version.
// A create-or-edit form's saving: a new item POSTed to collection with an
// Idempotency-Key, an existing one PATCHed at collection/<id> with the ETag
// it was loaded with (someone else's change since: 412, never overwritten);
// a refusal leaves its problem and the form's fields it names.
export function useSave({ collection, item, fields, onSaved }) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState(null);
  const [errors, setErrors] = useState({});
  async function save(body) {
    setProblem(null);
    setErrors({});
    setBusy(true);
    try {
      const saved = item
        ? await api.send('PATCH', `${collection}/${item.id}`, body, { ifMatch: item.etag })
        : await api.send('POST', collection, body, { idempotencyKey: true });
      onSaved(saved);
    } catch (p) {
      setProblem(p);
      setErrors(invalidFields(p, fields));
    } finally {
      setBusy(false);
    }
  }
  return { busy, problem, errors, save };
}

export function FormProblem({ problem, errors, onReload }) {
  const list = Object.entries(errors || {}).map(([id, text]) => {
    const name = fieldName(id);
    return { id, text: name ? `${name}: ${text}` : text };
  });
  const stale = problem && problem.status === 412;
  return html`<${ErrorSummary} errors=${list} />
    ${problem && list.length === 0 ? html`<${ProblemMessage} problem=${problem} title=${stale ? t('problem.conflict') : undefined} />` : null}
    ${problem && list.length > 0 && problem.detail ? html`<p class="utrecht-paragraph koers-muted">${problem.detail}</p>` : null}
    ${stale && onReload ? html`<p class="utrecht-paragraph"><button type="button" class="utrecht-button utrecht-button--secondary-action" onClick=${onReload}>${t('coord.reload')}</button></p>` : null}`;
}

// An editor of one resource gets it fresh (with its ETag) when it opens, so
// a change someone else made after that is a 412, never overwritten.
export function Fresh({ path, children }) {
  const res = useResource((signal) => api.get(path, null, { signal }), [path]);
  return html`<${Resource} res=${res}>${(item) => children(item, res.reload)}<//>`;
}

export function Checkbox({ id, label, checked, onChange, description }) {
  return html`<div class="utrecht-form-field utrecht-form-field--checkbox">
    <input type="checkbox" class="utrecht-checkbox utrecht-checkbox--html-input" id=${id} name=${id} checked=${!!checked}
      onChange=${(e) => onChange(e.currentTarget.checked)} aria-describedby=${description ? `${id}-desc` : undefined} />
    <label class="utrecht-form-label utrecht-form-label--checkbox" for=${id}>${label}</label>
    ${description ? html`<span class="koers-muted" id=${`${id}-desc`}>${description}</span>` : null}
  </div>`;
}

// A set of check boxes in a fieldset: value is an array of the checked values.
export function CheckboxGroup({ id, legend, options, value, onChange, error, description }) {
  const set = new Set(value || []);
  const toggle = (v, on) => {
    const next = new Set(set);
    if (on) next.add(v); else next.delete(v);
    onChange(options.map((o) => o.value).filter((x) => next.has(x)));
  };
  const desc = [description ? `${id}-desc` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return html`<fieldset class=${`utrecht-form-fieldset utrecht-form-fieldset--html-fieldset koers-checks${error ? ' utrecht-form-fieldset--invalid' : ''}`}
      id=${id} tabindex="-1" aria-describedby=${desc} aria-invalid=${error ? 'true' : undefined}>
    <legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">${legend}</legend>
    ${description ? html`<div class="utrecht-form-field-description" id=${`${id}-desc`}>${description}</div>` : null}
    ${error ? html`<div class="utrecht-form-field-error-message" id=${`${id}-error`}>${error}</div>` : null}
    ${options.length === 0 ? html`<p class="utrecht-paragraph koers-muted">${t('coord.noOptions')}</p>` : null}
    ${options.map((o) => html`<${Checkbox} id=${`${id}-${o.value}`} label=${o.label} checked=${set.has(o.value)} onChange=${(on) => toggle(o.value, on)} />`)}
  </fieldset>`;
}

// "Afval, Centrum" <-> ['Afval', 'Centrum']
export const splitList = (s) => String(s || '').split(/[,\n]/).map((x) => x.trim()).filter(Boolean);
export const joinList = (a) => (a || []).join(', ');

// An integer from a number field, or the text itself when it is not one
// (the API then names the field in its 422).
export function intOrText(s) {
  const v = String(s).trim();
  return /^-?\d+$/.test(v) ? Number(v) : v;
}

// The load of an officer: a meter and the words "3 van 10".
export function Load({ open, capacity }) {
  return html`<span class="koers-load">
    <meter min="0" max=${capacity || 1} low=${Math.ceil((capacity || 1) * 0.7)} high=${Math.ceil((capacity || 1) * 0.9)} optimum="0"
      value=${Math.min(open, capacity || open)} aria-hidden="true"></meter>
    <span>${t('coord.load', { open, capacity })}</span>
  </span>`;
}

addTexts({
  nl: {
    'coord.noOptions': 'Er is nog niets om uit te kiezen.',
    'coord.load': '{open} van {capacity}',
    'coord.edit': 'Wijzigen',
    'coord.delete': 'Verwijderen',
    'coord.confirmDelete': 'Weet u zeker dat u "{name}" wilt verwijderen?',
    'coord.new': 'Nieuw',
    'coord.saved': 'Opgeslagen: {name}.',
    'coord.deleted': 'Verwijderd: {name}.',
    'coord.reload': 'Opnieuw laden',
    'coord.any': 'Alle',
    'coord.active': 'Actief',
    'coord.inactive': 'Niet actief',
    'coord.actions': 'Acties',
    'coord.close': 'Sluiten',
  },
  en: {
    'coord.noOptions': 'There is nothing to choose from yet.',
    'coord.load': '{open} of {capacity}',
    'coord.edit': 'Edit',
    'coord.delete': 'Delete',
    'coord.confirmDelete': 'Are you sure you want to delete "{name}"?',
    'coord.new': 'New',
    'coord.saved': 'Saved: {name}.',
    'coord.deleted': 'Deleted: {name}.',
    'coord.reload': 'Reload',
    'coord.any': 'Any',
    'coord.active': 'Active',
    'coord.inactive': 'Not active',
    'coord.actions': 'Actions',
    'coord.close': 'Close',
  },
});

// Moves the focus to an editor's heading when it opens (keyboard users
// land in the form they asked for).
export function useFocusOnOpen(ref) {
  useEffect(() => { if (ref.current) ref.current.focus(); }, []);
}

// Delete in two steps (no browser dialog): "Verwijderen" asks in place,
// "Ja, verwijderen" sends DELETE; the API's problem (a category still in
// use: 409) is shown with its detail.
export function DeleteButton({ name, path, onDeleted }) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState(null);
  const yes = useRef(null);
  useEffect(() => { if (asking && yes.current) yes.current.focus(); }, [asking]);
  async function del() {
    setBusy(true);
    setProblem(null);
    try {
      await api.send('DELETE', path);
      onDeleted(name);
    } catch (p) {
      setProblem(p);
      setAsking(false);
    } finally {
      setBusy(false);
    }
  }
  return html`<span class="koers-delete">
    ${asking ? html`<span role="group" aria-label=${t('coord.confirmDelete', { name })}>
        <span>${t('coord.confirmDelete', { name })} </span>
        <button type="button" ref=${yes} class="utrecht-button utrecht-button--primary-action" aria-busy=${busy ? 'true' : undefined} disabled=${busy || undefined} onClick=${del}>${t('coord.deleteYes')}</button>
        <button type="button" class="utrecht-button utrecht-button--secondary-action" onClick=${() => setAsking(false)}>${t('common.cancel')}</button>
      </span>`
      : html`<button type="button" class="utrecht-button utrecht-button--secondary-action" aria-label=${`${t('coord.delete')}: ${name}`} onClick=${() => setAsking(true)}>${t('coord.delete')}</button>`}
    ${problem ? html`<${ProblemMessage} problem=${problem} />` : null}
  </span>`;
}

addTexts({ nl: { 'coord.deleteYes': 'Ja, verwijderen' }, en: { 'coord.deleteYes': 'Yes, delete' } });

// Key figures as tiles: [[label, value], ...]; a missing figure is quieter.
export function Figures({ items }) {
  return html`<ul class="koers-figures">${items.filter(Boolean).map(([label, value]) => html`<li class="koers-figure">
    <span class=${`koers-figure__value${value === t('chart.noData') ? ' koers-figure__value--none' : ''}`}>${value}</span><span class="koers-figure__label">${label}</span></li>`)}</ul>`;
}
