// Boot: who is signed in, the navigation of that role, the pages, the language switch.
import { api, onUnauthorized } from './api.js';
import { h } from './dom.js';
import { lang, setLang, t } from './i18n.js';
import { auditLogPage } from './pages/audit-log.js';
import { batchesPage } from './pages/batches.js';
import { casePage } from './pages/case.js';
import { historyPage } from './pages/history.js';
import { loginPage } from './pages/login.js';
import { queuePage } from './pages/queue.js';
import { reviewsPage } from './pages/reviews.js';
import { searchPage } from './pages/search.js';
import { statsPage } from './pages/stats.js';
import { interceptLinks, navigate, render, route, setFallback } from './router.js';
import { getSession, onSignedIn, setSession } from './state.js';

/** What each role finds in the menu, first item = its home page. */
const MENUS = {
  officer: [['/console/cases', 'nav.queue'], ['/console/reviews', 'nav.reviews'], ['/console/search', 'nav.search'], ['/console/stats', 'nav.stats']],
  auditor: [['/console/cases', 'nav.queue'], ['/console/history', 'nav.history'], ['/console/audit', 'nav.audit'], ['/console/search', 'nav.search'], ['/console/stats', 'nav.stats']],
  platform: [['/console/batches', 'nav.batches']],
  authority: [['/console/batches', 'nav.batches']],
  admin: [['/console/batches', 'nav.batches'], ['/console/audit', 'nav.audit']],
};
const CASE_READERS = ['officer', 'auditor'];

route('/console/login', loginPage);
route('/console/cases', queuePage, { roles: CASE_READERS });
route('/console/cases/:id', casePage, { roles: CASE_READERS });
route('/console/reviews', reviewsPage, { roles: CASE_READERS });
route('/console/search', searchPage, { roles: CASE_READERS });
route('/console/stats', statsPage, { roles: CASE_READERS });
route('/console/history', historyPage, { roles: CASE_READERS });
route('/console/audit', auditLogPage, { roles: ['auditor', 'admin'] });
route('/console/batches', batchesPage, { roles: ['platform', 'authority', 'admin', 'officer', 'auditor'] });
setFallback((session) => (session ? MENUS[session.role]?.[0]?.[0] ?? '/console/login' : '/console/login'));

/** After the login page has set the cookie. */
async function signedIn(session) {
  setSession(session);
  paintChrome();
  await navigate(MENUS[session.role]?.[0]?.[0] ?? '/console/', { replace: true });
}

function paintChrome() {
  const session = getSession();
  document.documentElement.lang = lang();
  document.getElementById('skip-link').textContent = t('app.skip');
  document.getElementById('brand').textContent = t('app.title');
  document.getElementById('lang-label').textContent = t('app.language');
  const nav = document.getElementById('nav');
  nav.setAttribute('aria-label', t('nav.label'));
  const items = session ? MENUS[session.role] ?? [] : [];
  nav.replaceChildren(items.length ? h('ul', {}, items.map(([href, key]) => h('li', {}, h('a', { href }, t(key))))) : '');
  document.getElementById('who').textContent = session ? `${session.name} · ${t(`role.${session.role}`)}` : '';
  const logout = document.getElementById('logout');
  logout.textContent = t('app.logout');
  logout.hidden = !session;
}

async function logout() {
  await api.del('/v1/session').catch(() => undefined);
  setSession(null);
  paintChrome();
  await navigate('/console/login', { replace: true });
}

async function boot() {
  const select = document.getElementById('lang-select');
  select.value = lang();
  select.addEventListener('change', () => {
    setLang(select.value);
    paintChrome();
    render();
  });
  document.getElementById('logout').addEventListener('click', logout);
  onSignedIn(signedIn);
  document.getElementById('skip-link').addEventListener('click', (event) => {
    event.preventDefault();
    (document.querySelector('#main h1') ?? document.getElementById('main')).focus();
  });
  onUnauthorized(() => {
    if (!getSession()) return;
    setSession(null);
    paintChrome();
    navigate('/console/login', { replace: true });
  });
  setSession(await api.get('/v1/session').catch(() => null));
  paintChrome();
  interceptLinks();
  if (!getSession() && location.pathname !== '/console/login') history.replaceState({}, '', '/console/login');
  if (getSession() && (location.pathname === '/console/' || location.pathname === '/console/login')) {
    history.replaceState({}, '', MENUS[getSession().role]?.[0]?.[0] ?? '/console/');
  }
  await render();
}

boot();
