// Filter vocabularies (platforms, provinces, statuses, signals), read once per sign-in.
import { api } from '../api.js';

let cached = null;

export async function loadFacets() {
  cached ??= api.get('/v1/console/facets').catch((error) => {
    cached = null;
    throw error;
  });
  return cached;
}

export function provinceName(facets, code) {
  if (!code) return '—';
  const name = facets.provinces.find((p) => p.code === code)?.name;
  return name ? `${name} (${code})` : code;
}

export function platformName(facets, code) {
  return facets.platforms.find((p) => p.code === code)?.name ?? code;
}
