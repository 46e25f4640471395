// Chart.js (served from /console/vendor/, loaded before the modules) with the console's defaults. Every chart
// has a text alternative: an aria-label on the canvas and the same figures in a table next to it.
import { h } from './dom.js';

export const PALETTE = { platform: '#0b5cad', invoiced: '#d4731c', declared: '#1d7a3a', withheld: '#6b2c91', good: '#1d7a3a', bad: '#b42318', grey: '#8b95a3' };
export const SERIES = ['#0b5cad', '#d4731c', '#1d7a3a', '#6b2c91', '#b42318', '#00838f', '#8a5a00'];

/** A canvas in a sized box, described for screen readers. */
export function chartCanvas(description, { short = false } = {}) {
  const canvas = h('canvas', { role: 'img', 'aria-label': description });
  return { box: h('div', { class: `chart-box${short ? ' short' : ''}` }, canvas), canvas };
}

/**
 * Draws a chart once its canvas is in the document (Chart.js sizes it from its box), without animation (what is
 * drawn is final), and destroys it when the page is left.
 */
export function drawChart(canvas, config, ctx, tries = 0) {
  if (!ctx.current()) return;
  if (!canvas.isConnected) {
    if (tries < 120) requestAnimationFrame(() => drawChart(canvas, config, ctx, tries + 1));
    return;
  }
  if (typeof window.Chart !== 'function') {
    canvas.replaceWith(h('p', { class: 'muted' }, 'Chart.js unavailable'));
    return;
  }
  const chart = new window.Chart(canvas, {
    ...config,
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      ...config.options,
      plugins: { legend: { position: 'bottom' }, ...config.options?.plugins },
    },
  });
  ctx.onLeave(() => chart.destroy());
}
