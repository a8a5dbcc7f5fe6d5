// Loading data with a way out: a visible "loading" line with a Stop button
// (never a spinner alone); a stopped or failed load shows the problem and
// "try again". useResource(load, deps) runs load(signal) and gives
// {data, problem, loading, reload, stop, setData}.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { html } from './html.js';
import { t } from '../i18n.js';
import { ProblemMessage } from './problem.js';

export function useResource(load, deps) {
  const [state, setState] = useState({ data: null, problem: null, loading: true });
  const ctl = useRef(null);
  const run = useCallback(() => {
    if (ctl.current) ctl.current.abort();
    const c = new AbortController();
    ctl.current = c;
    setState((s) => ({ data: s.data, problem: null, loading: true }));
    Promise.resolve()
      .then(() => load(c.signal))
      .then((data) => { if (!c.signal.aborted) setState({ data, problem: null, loading: false }); })
      .catch((problem) => {
        if (ctl.current === c) setState((s) => ({ data: s.data, problem, loading: false }));
      });
  }, deps);
  useEffect(() => {
    run();
    return () => ctl.current && ctl.current.abort();
  }, [run]);
  const stop = () => {
    if (ctl.current) ctl.current.abort();
    setState((s) => ({ ...s, loading: false, problem: { status: 0, detail: t('problem.aborted') } }));
  };
  const setData = (data) => setState({ data, problem: null, loading: false });
  return { ...state, reload: run, stop, setData };
}

export function Loading({ onStop }) {
  return html`<div class="koers-loading" role="status">
    <span class="koers-loading__text">${t('common.loading')}</span>
    ${onStop ? html` <button type="button" class="utrecht-button utrecht-button--subtle" onClick=${onStop}>${t('common.stop')}</button>` : null}
  </div>`;
}

// Shows loading, the problem or the content of a useResource result.
export function Resource({ res, children }) {
  if (res.problem) return html`<${ProblemMessage} problem=${res.problem} onRetry=${res.reload} />`;
  if (res.loading && !res.data) return html`<${Loading} onStop=${res.stop} />`;
  return html`${res.loading ? html`<${Loading} onStop=${res.stop} />` : null}${children(res.data)}`;
}
