// Small DOM helpers. Text always goes in as text nodes (never innerHTML): names come from sellers and platforms.

let sequence = 0;
export const uid = (prefix = 'f') => `${prefix}-${++sequence}`;

/** h('a', { href, class, onClick }, 'text', child…) */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2).toLowerCase(), value);
    else if (key === 'value' && 'value' in el) el.value = value;
    else if (key === 'checked') el.checked = Boolean(value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of [children].flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** A labelled control: <div class="field"><label for=id>…</label>control</div>. */
export function field(labelText, control, hint) {
  if (!control.id) control.id = uid();
  const wrap = h('div', { class: 'field' }, h('label', { for: control.id }, labelText), control);
  if (hint) {
    const hintEl = h('span', { class: 'small muted', id: uid('hint') }, hint);
    control.setAttribute('aria-describedby', hintEl.id);
    wrap.append(hintEl);
  }
  return wrap;
}

/** <select> from [[value, label], …]. */
export function select(options, value, attrs = {}) {
  return h('select', attrs, options.map(([v, label]) => h('option', { value: v, selected: String(v) === String(value ?? '') }, label)));
}

/**
 * A table: columns [{ label, num?, render(row) → node|text }]. An empty list shows `empty` in one cell,
 * so the header stays and a screen reader still hears the columns.
 */
export function table({ caption, columns, rows, empty, rowAttrs }) {
  const head = h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col', class: c.num ? 'num' : undefined }, c.label))));
  const body = h('tbody', {}, rows.length === 0
    ? h('tr', {}, h('td', { colspan: columns.length, class: 'muted' }, empty ?? '—'))
    : rows.map((row) => h('tr', rowAttrs ? rowAttrs(row) : {}, columns.map((c) => h('td', { class: c.num ? 'num' : undefined }, c.render(row))))));
  return h('div', { class: 'table-wrap' }, h('table', {}, caption ? h('caption', {}, caption) : null, head, body));
}

export function badge(text, kind) {
  return h('span', { class: `badge ${kind ?? ''}` }, text);
}

/** A definition-style key figure. */
export function kpi(label, value) {
  return h('div', { class: 'kpi' }, h('div', { class: 'label' }, label), h('div', { class: 'value' }, value));
}
