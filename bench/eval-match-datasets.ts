import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SellerInput, TaxpayerInput } from './match-data-loader';

/**
 * The public benchmarks, mapped onto what platforms and the registry send (name, address, province, phone, date of
 * birth, personal ID). Only the mapping lives here; matching sees them exactly like any other data.
 * Data: ../shared/data/benchmarks (read only by this evaluation, never shipped).
 */
export const BENCHMARKS = join(process.cwd(), '../shared/data/benchmarks');

export interface LinkDataset {
  kind: 'link';
  registry: Array<TaxpayerInput & { key: string }>;
  sellers: Array<SellerInput & { key: string }>;
  /** True links as seller key → registry key. */
  truth: Map<string, string>;
}

export interface DedupDataset {
  kind: 'dedup';
  sellers: Array<SellerInput & { cluster: string }>;
}

function lines(file: string): string[] {
  return readFileSync(join(BENCHMARKS, file), 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
}

function records(file: string, separator: RegExp | string): Array<Record<string, string>> {
  const [header, ...rows] = lines(file);
  const names = header.split(separator).map((h) => h.trim());
  return rows.map((row) => {
    const cells = row.split(separator).map((c) => c.trim());
    return Object.fromEntries(names.map((n, i) => [n, cells[i] ?? '']));
  });
}

const blank = (v: string | undefined) => (v === undefined || v === '' ? null : v);

/** YYYYMMDD → YYYY-MM-DD when it is a real calendar date (the registry and intake reject impossible dates). */
function febrlDate(v: string): string | null {
  if (!/^[0-9]{8}$/.test(v)) return null;
  const iso = `${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6, 8)}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso || Number(v.slice(0, 4)) < 1900 ? null : iso;
}

function febrlPerson(r: Record<string, string>) {
  const name = [r.surname, r.given_name].filter((x) => x).join(' ');
  const street = [r.street_number, r.address_1].filter((x) => x).join(' ');
  const address = [street, r.address_2, r.suburb, r.postcode].filter((x) => x).join(', ');
  return {
    name: blank(name),
    address: blank(address),
    province: blank(r.state),
    dob: febrlDate(r.date_of_birth),
    nationalId: blank(r.soc_sec_id),
  };
}

const febrlGroup = (id: string) => /^rec-(\d+)-/.exec(id)![1];

export function febrl4(): LinkDataset {
  const a = records('febrl/dataset4a.csv', ',');
  const b = records('febrl/dataset4b.csv', ',');
  return {
    kind: 'link',
    registry: a.map((r) => ({ key: r.rec_id, ...febrlPerson(r), name: febrlPerson(r).name ?? '' })),
    sellers: b.map((r) => ({ key: r.rec_id, ref: r.rec_id, ...febrlPerson(r) })),
    truth: new Map(b.map((r) => [r.rec_id, `rec-${febrlGroup(r.rec_id)}-org`])),
  };
}

export function febrl3(): DedupDataset {
  return {
    kind: 'dedup',
    sellers: records('febrl/dataset3.csv', ',').map((r) => ({ ref: r.rec_id, cluster: febrlGroup(r.rec_id), ...febrlPerson(r) })),
  };
}

function restaurant(r: Record<string, string>) {
  return { name: r.name, address: blank(r.addr), province: blank(r.city), phone: blank(r.phone.replace(/[^0-9]/g, '')) };
}

export function fodorsZagat(): LinkDataset {
  const fodors = records('restaurants_fodors_zagat/fodors.csv', ',');
  const zagat = records('restaurants_fodors_zagat/zagats.csv', ',');
  const matches = records('restaurants_fodors_zagat/matches_fodors_zagats.csv', ',');
  return {
    kind: 'link',
    registry: fodors.map((r) => ({ key: r.id, ...restaurant(r) })),
    sellers: zagat.map((r) => ({ key: r.id, ref: `zagat-${r.id}`, ...restaurant(r) })),
    truth: new Map(matches.map((m) => [m.zagats_id, m.fodors_id])),
  };
}

export function fake1000(): DedupDataset {
  return {
    kind: 'dedup',
    sellers: records('splink_persons/fake_1000.csv', ',').map((r) => ({
      ref: `fake-${r.unique_id}`,
      cluster: r.cluster,
      name: blank([r.surname, r.first_name].filter((x) => x).join(' ')),
      province: blank(r.city),
      email: blank(r.email),
      dob: blank(r.dob),
    })),
  };
}

export const DATASETS: Record<string, () => LinkDataset | DedupDataset> = {
  febrl4,
  febrl3,
  'fodors-zagat': fodorsZagat,
  fake_1000: fake1000,
};
