// History API routing: navigate(path) pushes a path and renders; links to
// our own pages (a[href^="/"]) are followed without reloading the page.
// match('/workplace/cases/:id', path) -> {id} or null.

const listeners = new Set();

export function navigate(path, { replace = false } = {}) {
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  for (const f of listeners) f(path);
}

export function onNavigate(f) {
  listeners.add(f);
  return () => listeners.delete(f);
}

export function match(pattern, path) {
  const p = pattern.replace(/\/+$/, '').split('/');
  const s = path.replace(/\/+$/, '').split('/');
  if (p.length !== s.length) return null;
  const params = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i].startsWith(':')) {
      if (!s[i]) return null;
      try {
        params[p[i].slice(1)] = decodeURIComponent(s[i]);
      } catch {
        return null;
      }
    } else if (p[i] !== s[i]) {
      return null;
    }
  }
  return params;
}

// Same-origin links inside the app are handled here; a new tab, a download
// or a modified click keeps the browser's own behaviour.
export function interceptLinks(root) {
  root.addEventListener('click', (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = e.target.closest && e.target.closest('a[href]');
    if (!a || a.target || a.hasAttribute('download') || a.dataset.reload !== undefined) return;
    const u = new URL(a.href, location.href);
    if (u.origin !== location.origin) return;
    if (!(u.pathname.startsWith('/workplace/') || u.pathname === '/' || u.pathname === '/volg')) return;
    if (u.pathname === location.pathname && u.search === location.search && u.hash) return; // an anchor
    e.preventDefault();
    navigate(u.pathname + u.search + u.hash);
  });
}
