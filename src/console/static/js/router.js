// A tiny history-API router for /console/…: the server answers every extensionless /console/ path with the
// page shell, so links can be opened in new tabs and bookmarked.
import { h } from './dom.js';
import { t } from './i18n.js';
import { getSession } from './state.js';

const routes = [];
let leaving = [];
let renderCount = 0;
let fallback = () => '/console/';

/** route('/console/cases/:id', (view, ctx) => …) */
export function route(pattern, page, options = {}) {
  const keys = [];
  const source = pattern.replace(/:(\w+)/g, (_, key) => {
    keys.push(key);
    return '([^/]+)';
  });
  routes.push({ regex: new RegExp(`^${source}/?$`), keys, page, roles: options.roles });
}

export function setFallback(pathForRole) {
  fallback = pathForRole;
}

export function navigate(path, { replace = false } = {}) {
  history[replace ? 'replaceState' : 'pushState']({}, '', path);
  return render();
}

/** Replaces the query of the current page without a new history entry or a re-render. */
export function replaceQuery(query) {
  const search = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined && v !== null && v !== '')).toString();
  history.replaceState({}, '', `${location.pathname}${search ? `?${search}` : ''}`);
}

/**
 * Renders the page of the current URL into a fresh container. A page that finishes after the user has moved on
 * writes into a detached container: nobody sees it. Pages register clean-ups (timers, charts) with ctx.onLeave.
 */
export async function render() {
  const session = getSession();
  const main = document.getElementById('main');
  for (const fn of leaving) fn();
  leaving = [];
  const mine = ++renderCount;
  const view = h('div');
  main.replaceChildren(view);
  const found = match(location.pathname, session?.role);
  if (!found) return navigate(fallback(session), { replace: true });
  const ctx = {
    params: found.params,
    query: new URLSearchParams(location.search),
    onLeave: (fn) => leaving.push(fn),
    current: () => mine === renderCount,
  };
  try {
    await found.page(view, ctx);
  } catch (error) {
    view.append(h('p', { class: 'error-text', role: 'alert' }, `${t('error.load')}: ${error.message} (${error.code ?? ''})`));
  }
  if (ctx.current()) focusHeading(main);
  markCurrentNav();
}

function match(pathname, role) {
  for (const r of routes) {
    const m = r.regex.exec(pathname);
    if (!m) continue;
    if (r.roles && !r.roles.includes(role)) return null;
    return { page: r.page, params: Object.fromEntries(r.keys.map((k, i) => [k, decodeURIComponent(m[i + 1])])) };
  }
  return null;
}

/** Move focus to the new page's heading, so keyboard and screen-reader users start where the content starts. */
function focusHeading(main) {
  const heading = main.querySelector('h1');
  if (!heading) return;
  heading.setAttribute('tabindex', '-1');
  document.title = `${heading.textContent} — ${t('app.title')}`;
  heading.focus({ preventScroll: true });
}

function markCurrentNav() {
  for (const a of document.querySelectorAll('#nav a')) {
    const here = location.pathname === a.pathname || location.pathname.startsWith(`${a.pathname}/`);
    if (here) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

/** Same-origin console links navigate in place (modifier clicks, downloads and new tabs behave as usual). */
export function interceptLinks() {
  document.addEventListener('click', (event) => {
    const a = event.target.closest?.('a');
    if (!a || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    if (a.target || a.hasAttribute('download')) return;
    const url = new URL(a.href, location.href);
    if (url.origin !== location.origin || !url.pathname.startsWith('/console/')) return;
    event.preventDefault();
    history.pushState({}, '', url.pathname + url.search);
    render();
  });
  window.addEventListener('popstate', () => render());
}
