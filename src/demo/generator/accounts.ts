/** Which platforms a seller uses, with how many shops, under which shop names. */
import vocabulary from '../data/vocabulary.json';
import { Seller } from './people';
import { DPI_PLATFORM, NO_PAYMENT_PLATFORM, PLATFORM_BY_CODE, PlatformDef, PLATFORMS } from './platforms';
import { Choice, Rng } from './prng';

const SHOPS = new Choice({ '1': 93, '2': 6, '3': 1 });
const SPLIT_PLATFORMS = new Choice({ '2': 60, '3': 30, '4': 10 });
const PLATFORM_COUNT = new Choice({ '1': 75, '2': 18, '3': 5, '4': 2 });
import { Category } from './rules';

export interface Account {
  platform: PlatformDef;
  /** The platform's own seller code; assigned when the account is written. */
  ref: string;
  shopName: string;
  /** Category as the platform has it ('' = unknown, withheld at the highest rates). */
  reportedCategory: Category | '';
  /** The platform's withholding bug hits this shop (WITHHOLDING_ERROR). */
  misWithheld: boolean;
  /** Registry tax code of the taxpayer behind the shop (a company's branch code for branch shops); '' if unregistered. */
  taxEntityCode: string;
}

export function planAccounts(seller: Seller, rng: Rng): Account[] {
  const platforms = choosePlatforms(seller, rng);
  let bugPlatform: PlatformDef | null = null;
  if (seller.behaviour === 'mis_withheld') {
    bugPlatform = platforms.find((p) => p.bug) ?? null;
    // The chomoi bug hits services sellers: this seller is one.
    if (bugPlatform?.bug?.hits) seller.category = bugPlatform.bug.hits;
  }
  const accounts: Account[] = [];
  for (const platform of platforms) {
    const shops = seller.behaviour === 'split' ? 1 : SHOPS.pick(rng);
    for (let s = 0; s < Number(shops); s++) {
      const misWithheld = platform === bugPlatform && s === 0;
      let reportedCategory: Category | '' = rng.chance(0.95) ? seller.category : '';
      if (platform === DPI_PLATFORM) reportedCategory = 'goods';
      if (misWithheld) reportedCategory = platform.bug!.hits;
      accounts.push({
        platform,
        ref: '',
        shopName: shopName(seller, rng),
        reportedCategory,
        misWithheld,
        taxEntityCode: taxEntity(seller, rng),
      });
    }
  }
  return accounts;
}

function choosePlatforms(seller: Seller, rng: Rng): PlatformDef[] {
  switch (seller.behaviour) {
    case 'non_filer':
      // Non-filers sell where nothing is withheld, so "no declaration and no withholding" holds.
      return [NO_PAYMENT_PLATFORM];
    case 'mis_withheld': {
      const bug = PLATFORM_BY_CODE.get(rng.chance(0.6) ? 'chomoi' : 'phomua')!;
      const others = rng.chance(0.2) ? weightedSample(PLATFORMS.filter((p) => p !== bug), 1, rng) : [];
      return [bug, ...others];
    }
    case 'split':
      return weightedSample(PLATFORMS, Number(SPLIT_PLATFORMS.pick(rng)), rng);
    case 'business':
      return weightedSample(PLATFORMS, rng.chance(0.7) ? 1 : 2, rng);
    default:
      return weightedSample(PLATFORMS, Number(PLATFORM_COUNT.pick(rng)), rng);
  }
}

function weightedSample(pool: readonly PlatformDef[], k: number, rng: Rng): PlatformDef[] {
  const left = pool.slice();
  const out: PlatformDef[] = [];
  while (out.length < k && left.length) {
    const total = left.reduce((s, p) => s + p.weight, 0);
    let x = rng.next() * total;
    let i = 0;
    while (i < left.length - 1 && (x -= left[i].weight) >= 0) i++;
    out.push(left.splice(i, 1)[0]);
  }
  return out;
}

function taxEntity(seller: Seller, rng: Rng): string {
  if (!seller.reg) return '';
  const branches = seller.reg.branches;
  if (branches.length && rng.chance(0.5)) return rng.pick(branches).code;
  return seller.reg.taxCode;
}

function fill(pattern: string, seller: Seller, rng: Rng): string {
  const products = (vocabulary.products as Record<string, string[]>)[seller.category] ?? vocabulary.products.goods;
  const given = seller.personName?.given ?? seller.name.split(' ').pop()!;
  return pattern
    .replace('{given}', given)
    .replace('{kid}', rng.pick(vocabulary.kids))
    .replace('{origin}', rng.pick(vocabulary.origins))
    .replace('{city}', rng.pick(vocabulary.cities))
    .replace('{product2}', rng.pick(vocabulary.products.goods))
    .replace('{product}', rng.pick(products));
}

export function shopName(seller: Seller, rng: Rng): string {
  if (seller.kind === 'business') {
    const brand = seller.name.split(' ').slice(-2).join(' ');
    return rng.pick([`${brand} Official Store`, `${brand} Mall`, `${brand} Chính Hãng`, `Nhà Phân Phối ${brand}`]);
  }
  return fill(rng.pick(vocabulary.shopPatterns), seller, rng);
}
