// Paging through a list by the API's cursors: the next page is the answer's
// _links.next; going back keeps the pages' starting points in a stack.
// usePagedList(path, query) -> {page, res, next, prev, first, index}.
import { useState } from 'preact/hooks';
import { html } from './html.js';
import { t } from '../i18n.js';
import { api, nextHref, url } from '../api.js';
import { useResource } from './loading.js';

export function usePagedList(path, query, deps = []) {
  const start = url(path, query);
  const [stack, setStack] = useState([start]);
  const [key, setKey] = useState(start);
  if (key !== start) {
    // the filter changed: back to the first page
    setKey(start);
    setStack([start]);
  }
  const here = key === start ? stack[stack.length - 1] : start;
  const res = useResource((signal) => api.get(here, null, { signal }), [here, ...deps]);
  const nextLink = nextHref(res.data);
  return {
    res,
    index: stack.length,
    hasNext: !!nextLink,
    hasPrev: stack.length > 1,
    next: () => nextLink && setStack([...stack, nextLink]),
    prev: () => stack.length > 1 && setStack(stack.slice(0, -1)),
    first: () => setStack([start]),
  };
}

export function Pager({ list }) {
  if (!list.hasNext && !list.hasPrev) return null;
  return html`<nav class="utrecht-pagination koers-pager" aria-label=${t('common.pager')}>
    <button type="button" class="utrecht-button utrecht-button--secondary-action" disabled=${!list.hasPrev} onClick=${list.prev}>${t('common.prev')}</button>
    <span class="koers-pager__here" aria-live="polite">${t('common.page', { n: list.index })}</span>
    <button type="button" class="utrecht-button utrecht-button--secondary-action" disabled=${!list.hasNext} onClick=${list.next}>${t('common.next')}</button>
  </nav>`;
}
