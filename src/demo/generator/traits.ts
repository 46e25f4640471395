/** Draws that shape a seller: revenue tiers per year, birth year, category, e-mail address. */
import vocabulary from '../data/vocabulary.json';
import { asciiHandle, PersonName } from './names';
import { Behaviour } from './options';
import { Choice, Rng } from './prng';
import { Category } from './rules';

/** Revenue tier of a person in a tax year (see revenue.ts for the bands). */
export type Tier = 'small' | 'mid' | 'large' | 'split';

const BUSINESS_TIER = new Choice({ small: 3, mid: 4, large: 3 });
const SELLER_DECADE = new Choice({ '1960': 8, '1970': 15, '1980': 30, '1990': 35, '2000': 12 });
const FILLER_DECADE = new Choice({ '1950': 8, '1960': 15, '1970': 20, '1980': 24, '1990': 23, '2000': 10 });
const BUSINESS_CATEGORY = new Choice({ goods: 80, services: 8, production_transport: 7, leasing: 1, digital_content: 2, other: 2 });
const PERSON_CATEGORY = new Choice({ goods: 62, services: 12, production_transport: 7, leasing: 4, digital_content: 5, other: 10 });

export function drawTiers(b: Behaviour, rng: Rng): Record<2025 | 2026, Tier> {
  switch (b) {
    case 'small':
      return { 2025: 'small', 2026: 'small' };
    case 'compliant': {
      const t25: Tier = rng.chance(0.7) ? 'mid' : 'large';
      return { 2025: t25, 2026: t25 === 'large' && rng.chance(0.85) ? 'large' : 'small' };
    }
    case 'under_declarer':
    case 'non_filer':
    case 'unregistered': {
      const t25: Tier = rng.chance(0.65) ? 'mid' : 'large';
      return { 2025: t25, 2026: rng.chance(t25 === 'large' ? 0.8 : 0.25) ? 'large' : 'small' };
    }
    case 'split':
      return { 2025: 'split', 2026: rng.chance(0.5) ? 'split' : 'small' };
    case 'mis_withheld':
      return { 2025: rng.chance(0.4) ? 'small' : 'mid', 2026: rng.chance(0.8) ? 'small' : 'large' };
    case 'invoice_gap':
      return { 2025: 'large', 2026: 'large' };
    case 'business': {
      const t25: Tier = BUSINESS_TIER.pick(rng);
      return { 2025: t25, 2026: t25 === 'large' ? 'large' : 'small' };
    }
  }
}

export function drawBirthYear(rng: Rng, seller: boolean): number {
  const decade = seller
    ? SELLER_DECADE.pick(rng)
    : FILLER_DECADE.pick(rng);
  const base = Number(decade);
  return base === 2000 ? rng.int(2000, 2007) : rng.int(base, base + 9);
}

export function drawCategory(rng: Rng, business: boolean): Category {
  return business
    ? BUSINESS_CATEGORY.pick(rng)
    : PERSON_CATEGORY.pick(rng);
}

export function personalEmail(n: PersonName, year: number, g: number, rng: Rng): string {
  const given = asciiHandle(n.given);
  const family = asciiHandle(n.family);
  const initials = n.middle.map((m) => asciiHandle(m)[0] ?? '').join('');
  const yy = String(year % 100).padStart(2, '0');
  const style = rng.int(0, 3);
  // The serial in base 36 keeps addresses unique, even between namesakes born the same year.
  const tag = g.toString(36);
  const local = [`${given}${family}${yy}.${tag}`, `${family}.${given}${tag}`, `${given}.${family}${initials}${tag}`, `${family}${initials}${given}${year}.${tag}`][style];
  return `${local}@${rng.pick(vocabulary.emailDomains)}`;
}
