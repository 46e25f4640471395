// Numbers and dates as officers read them. Money arrives as whole-VND strings and is formatted as BigInt, so
// no figure is ever rounded through a float on its way to the screen.
import { locale, t } from './i18n.js';

const TIME_ZONE = 'Asia/Ho_Chi_Minh';

export function money(value) {
  if (value === null || value === undefined || value === '') return '—';
  return `${new Intl.NumberFormat(locale()).format(BigInt(value))} ${t('unit.vnd')}`;
}

/** Axis ticks: millions, e.g. "300 tr" / "300 M". */
export function moneyShort(value) {
  const millions = Number(value) / 1e6;
  return `${new Intl.NumberFormat(locale(), { maximumFractionDigits: 1 }).format(millions)} ${t('unit.million')}`;
}

/** Chart values: whole VND to millions (display only; the exact figure is in the table beside the chart). */
export function toMillions(value) {
  return value === null || value === undefined ? null : Number(BigInt(value) / 1000n) / 1000;
}

export function count(value) {
  if (value === null || value === undefined) return '—';
  return new Intl.NumberFormat(locale()).format(BigInt(value));
}

/** A 4-place decimal fraction string ("0.6667") as a percentage. */
export function rate(value) {
  if (value === null || value === undefined) return '—';
  return new Intl.NumberFormat(locale(), { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(Number(value));
}

/** A link score (probability) to 4 places, truncated: 0.99996 reads 0,9999, never a certain-looking 1,00. */
export function score(value) {
  if (value === null || value === undefined) return '—';
  const truncated = Math.floor(Number(value) * 10_000) / 10_000;
  return new Intl.NumberFormat(locale(), { minimumFractionDigits: 4, maximumFractionDigits: 4 }).format(truncated);
}

export function dateTime(value) {
  if (!value) return '—';
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'short', timeStyle: 'medium', timeZone: TIME_ZONE }).format(new Date(value));
}

export function date(value) {
  if (!value) return '—';
  const [y, m, d] = String(value).slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}

/** The value of a <input type="datetime-local"> (read as Vietnam time) as an ISO instant with offset. */
export function vietnamLocalToIso(local) {
  if (!local) return undefined;
  const withSeconds = local.length === 16 ? `${local}:00` : local;
  return `${withSeconds}+07:00`;
}

/** Now, in Vietnam, as a datetime-local value (minutes). */
export function vietnamNowLocal() {
  const shifted = new Date(Date.now() + 7 * 3600_000);
  return shifted.toISOString().slice(0, 16);
}
