import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { consoleFiles, consoleStaticDir, contentTypeOf } from './console-assets';

describe('console assets', () => {
  it('finds the static folder in src/ whether the code runs from src/ or from dist/', () => {
    const fromSrc = consoleStaticDir(__dirname);
    expect(fromSrc).toBe(join(__dirname, 'static'));
    expect(consoleStaticDir(join(__dirname, '..', '..', 'dist', 'src', 'console'))).toBe(fromSrc);
    expect(existsSync(join(fromSrc, 'index.html'))).toBe(true);
  });

  it('lists the pages, modules and Chart.js by URL path, and only files of a known type', () => {
    const files = consoleFiles();
    for (const path of ['index.html', 'console.css', 'js/main.js', 'js/pages/case.js', 'js/lang/vi.js', 'vendor/chart.umd.js']) {
      expect({ path, listed: files.has(path) }).toEqual({ path, listed: true });
    }
    expect(existsSync(files.get('vendor/chart.umd.js')!)).toBe(true);
    expect([...files.keys()].every((path) => contentTypeOf(path) !== undefined && !path.includes('..') && !path.startsWith('/'))).toBe(true);
    expect(contentTypeOf('js/main.js')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeOf('notes.md')).toBeUndefined();
  });
});
