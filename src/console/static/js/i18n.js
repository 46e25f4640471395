// Vietnamese first (the officers' language), English on request; the choice is remembered in this browser.
import en from './lang/en.js';
import vi from './lang/vi.js';

const DICTIONARIES = { vi, en };
const STORAGE_KEY = 'ect.console.lang';
let current = DICTIONARIES[localStorage.getItem(STORAGE_KEY)] ? localStorage.getItem(STORAGE_KEY) : 'vi';

/** t('queue.title'), t('paging.page', { n: 2 }): missing English falls back to Vietnamese, then to the key. */
export function t(key, params) {
  const text = DICTIONARIES[current][key] ?? DICTIONARIES.vi[key] ?? key;
  return params ? text.replace(/\{(\w+)\}/g, (_, name) => String(params[name] ?? '')) : text;
}

/** A label for a code (status, signal, band, field…) or the code itself when the dictionary has none. */
export function label(group, code) {
  if (code === null || code === undefined || code === '') return '—';
  const key = `${group}.${code}`;
  const text = t(key);
  return text === key ? String(code) : text;
}

export function lang() {
  return current;
}

export function locale() {
  return current === 'vi' ? 'vi-VN' : 'en-GB';
}

export function setLang(next) {
  if (!DICTIONARIES[next]) return;
  current = next;
  localStorage.setItem(STORAGE_KEY, next);
  document.documentElement.lang = next;
}
