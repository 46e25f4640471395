// The live region under the top bar: short confirmations and errors, read out by screen readers.
let timer;

export function notice(text, kind = 'ok') {
  const el = document.getElementById('status');
  el.className = `status-line ${kind}`;
  el.textContent = text;
  clearTimeout(timer);
  if (kind === 'ok') timer = setTimeout(() => { el.textContent = ''; el.className = 'status-line'; }, 8000);
}

export function errorText(error) {
  return error?.code ? `${error.message} (${error.code})` : String(error?.message ?? error);
}
