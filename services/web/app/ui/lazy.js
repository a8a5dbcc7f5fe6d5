// A screen's view loaded when it is first shown (a dynamic import), so the
// first load of the workplace carries only the screens' names and roles:
//   view: lazyView(() => import('./dashboard.js').then((m) => m.DashboardView))
// While loading it says so (with a way out: the nav); a failed load shows
// the problem and "try again".
import { useEffect, useState } from 'preact/hooks';
import { html } from './html.js';
import { t } from '../i18n.js';
import { Loading } from './loading.js';
import { ProblemMessage } from './problem.js';

export function lazyView(load) {
  let View = null;
  let pending = null;
  return function LazyView(props) {
    const [, setReady] = useState(0);
    const [problem, setProblem] = useState(null);
    const start = () => {
      setProblem(null);
      pending = pending || load();
      pending.then((v) => { View = v; setReady((n) => n + 1); })
        .catch(() => { pending = null; setProblem({ status: 0, detail: t('problem.network') }); });
    };
    useEffect(() => { if (!View) start(); }, []);
    if (View) return html`<${View} ...${props} />`;
    if (problem) return html`<${ProblemMessage} problem=${problem} onRetry=${start} />`;
    return html`<${Loading} />`;
  };
}
