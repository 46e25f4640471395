import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

/**
 * Where the console's browser files live. They are plain ES modules kept in `src/console/static/` and served from
 * there, not from `dist/`: the build (swc with --copy-files) would compile them to CommonJS, which a browser cannot
 * load. The project root is the nearest folder with a package.json, whether this file runs from src/ (tests) or dist/.
 */
export function consoleStaticDir(from = __dirname): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'src', 'console', 'static');
  }
  throw new Error(`no package.json above ${from}: cannot find the console's static files`);
}

/** Chart.js's self-contained UMD build (it defines `window.Chart`); the ESM build imports bare specifiers. */
export function chartJsFile(): string {
  return join(dirname(require.resolve('chart.js')), 'chart.umd.js');
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
};

export function contentTypeOf(file: string): string | undefined {
  const at = file.lastIndexOf('.');
  return at === -1 ? undefined : TYPES[file.slice(at).toLowerCase()];
}

/**
 * Every file the console may serve, by URL path under /console/: the static folder's files of a known type and
 * the vendored chart library. Requests are looked up in this map, never joined onto a folder, so no path can
 * climb out of it.
 */
export function consoleFiles(staticDir = consoleStaticDir()): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (name.startsWith('.')) continue;
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (contentTypeOf(name)) files.set(relative(staticDir, full).split(sep).join('/'), full);
    }
  };
  walk(staticDir);
  files.set('vendor/chart.umd.js', chartJsFile());
  return files;
}
