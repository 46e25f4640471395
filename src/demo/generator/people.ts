/**
 * The people and companies of the demo world. Seller i and registry filler j are pure functions of
 * (seed, i) and (seed, j): each draws from its own random streams, so any of them can be re-derived
 * (invoice buyers are fillers re-derived on demand) and generation order does not change anyone.
 */
import vocabulary from '../data/vocabulary.json';
import { epochDayOf, isoDate } from './calendar';
import { fitBirthYear, IdFactory } from './ids';
import { asciiHandle, commonName, drawName, fullName, PersonName, Sex } from './names';
import { Behaviour, ResolvedOptions } from './options';
import { Address, BIRTH_PROVINCES, currentProvinceName, drawAddress, formatAddress, OLD_PROVINCES, SELLER_PROVINCES, shortName } from './places';
import { Choice, hashSeed, labelCode, Rng } from './prng';
import { Category } from './rules';
import { drawBirthYear, drawCategory, drawTiers, personalEmail, Tier } from './traits';

const FILLER_STATUS = new Choice({ active: 66, suspended: 4, closed: 8, ceased_not_closed: 8, not_at_address: 5, waiting_id_update: 9 });
const SELLER_MIGRATION = new Choice({ migrated: 72, waiting: 13, kept: 15 });
const FILLER_MIGRATION = new Choice({ migrated: 70, kept: 30 });

export type Kind = 'person' | 'business';
export type RegStatus = 'active' | 'suspended' | 'closed' | 'ceased_not_closed' | 'not_at_address' | 'waiting_id_update';
export type { Tier } from './traits';

export interface Registration {
  /** The registry's current tax code (12-digit personal ID once migrated). */
  taxCode: string;
  previousTaxCodes: string[];
  /** 10-digit personal tax code issued before 07/2025, if any. */
  oldCode: string | null;
  migrated: boolean;
  status: RegStatus;
  registeredOn: string;
  nationalIdShown: boolean;
  phone: string;
  email: string;
  address: string;
  province: string;
  branches: { code: string; name: string }[];
}

export interface Entity {
  g: number;
  kind: Kind;
  name: string;
  personName: PersonName | null;
  birthDate: string;
  birthYear: number;
  birthProvince: string;
  /** Old (63-list) province code of residence. */
  residence: string;
  address: Address;
  phone: string;
  altPhone: string;
  email: string;
  personalId: string;
  oldIdCard: string;
  category: Category;
  namesakeGroup: string;
  reg: Registration | null;
}

/** What the pre-pass needs to size the registry, and what fixes a seller's story. */
export interface Skeleton {
  index: number;
  behaviour: Behaviour;
  kind: Kind;
  registered: boolean;
  tiers: Record<2025 | 2026, Tier>;
  branches: number;
}

export interface Seller extends Entity {
  index: number;
  id: string;
  behaviour: Behaviour;
  tiers: Record<2025 | 2026, Tier>;
}

export class Population {
  readonly ids: IdFactory;
  readonly fillers: number;
  readonly totalSerials: number;
  private readonly blocks: number;
  private readonly asOfDay: number;
  private readonly mix: Choice<Behaviour>;

  constructor(readonly opts: ResolvedOptions, registeredSellerRows: number) {
    this.mix = new Choice(opts.mix);
    this.ids = new IdFactory(opts.seed, vocabulary.phonePrefixesPrimary, vocabulary.phonePrefixesSecondary);
    this.fillers = Math.max(0, opts.registrySize - registeredSellerRows);
    this.totalSerials = opts.sellers + this.fillers;
    this.blocks = Math.ceil(this.totalSerials / 1_000_000);
    this.asOfDay = epochDayOf(Number(opts.asOf.slice(0, 4)), Number(opts.asOf.slice(5, 7)), Number(opts.asOf.slice(8, 10)));
  }

  /** Behaviour, registration and tiers of seller i: cheap, used by the pre-pass and by `seller`. */
  skeleton(index: number): Skeleton {
    const rng = Rng.for(this.opts.seed, 'skeleton', index);
    const behaviour = this.mix.pick(rng);
    const kind: Kind = behaviour === 'business' ? 'business' : 'person';
    let registered: boolean;
    switch (behaviour) {
      case 'small': registered = rng.chance(this.opts.smallRegisteredShare); break;
      case 'unregistered': registered = false; break;
      case 'split': registered = rng.chance(0.6); break;
      default: registered = true;
    }
    const tiers = drawTiers(behaviour, rng);
    const branches = kind === 'business' && rng.chance(0.3) ? rng.int(1, 3) : 0;
    return { index, behaviour, kind, registered, tiers, branches };
  }

  /** Registry rows a seller contributes (0, 1, or a company and its branches). */
  static registryRows(s: Skeleton): number {
    return s.registered ? 1 + s.branches : 0;
  }

  seller(index: number): Seller {
    const sk = this.skeleton(index);
    const rng = Rng.for(this.opts.seed, 'seller', index);
    const entity = sk.kind === 'business' ? this.business(index, rng, sk.registered ? sk.branches : -1) : this.individual(index, rng, true, sk);
    return { ...entity, index, id: personId(index), behaviour: sk.behaviour, tiers: sk.tiers };
  }

  /** Registry filler j (a taxpayer who does not sell online). */
  filler(j: number): Entity {
    const g = this.opts.sellers + j;
    const rng = Rng.for(this.opts.seed, 'filler', j);
    // Filler companies have no branches: one registry row per filler keeps the registry at its exact size.
    if (Population.fillerIsBusiness(rng)) return this.business(g, rng, 0);
    return this.individual(g, rng, false, null);
  }

  /** First draw of a filler's stream: lets invoice buyers be picked among companies cheaply. */
  static fillerIsBusiness(rng: Rng): boolean {
    return rng.chance(0.12);
  }

  fillerIsBusinessAt(j: number): boolean {
    return Population.fillerIsBusiness(Rng.for(this.opts.seed, 'filler', j));
  }

  private individual(g: number, rng: Rng, isSeller: boolean, sk: Skeleton | null): Entity {
    const residence = (isSeller ? SELLER_PROVINCES : BIRTH_PROVINCES).pick(rng);
    let birthProvince = rng.chance(0.7) ? residence : BIRTH_PROVINCES.pick(rng);
    let sex: Sex = rng.chance(isSeller ? 0.58 : 0.48) ? 'f' : 'm';
    let year = drawBirthYear(rng, isSeller);
    let personName: PersonName;
    let namesakeGroup = '';
    const cluster = this.namesakeCluster(g, rng);
    if (cluster) {
      personName = cluster.name;
      sex = cluster.name.sex;
      namesakeGroup = cluster.id;
      if (rng.chance(0.5)) birthProvince = cluster.province;
      if (rng.chance(0.4)) year = cluster.year;
    } else {
      personName = drawName(rng, sex, birthProvince);
    }
    const residenceFinal = cluster && rng.chance(0.5) ? cluster.province : residence;
    year = fitBirthYear(year, g, this.blocks, 1950, 2007);
    const month = rng.int(1, 12);
    const day = rng.int(1, 28);
    const birthDate = isoDate(epochDayOf(year, month, day));
    const name = fullName(personName);
    const personalId = this.ids.personalId(g, birthProvince, sex === 'f', year);
    const oldIdCard = year <= 1996 || rng.chance(0.3) ? this.ids.oldIdCard(g) : '';
    const address = drawAddress(rng);
    const phone = this.ids.phone(g);
    const altPhone = this.ids.altPhone(g);
    const email = rng.chance(0.85) ? personalEmail(personName, year, g, rng) : '';
    const category = drawCategory(rng, false);
    const entity: Entity = {
      g, kind: 'person', name, personName, birthDate, birthYear: year, birthProvince, residence: residenceFinal,
      address, phone, altPhone, email, personalId, oldIdCard, category, namesakeGroup, reg: null,
    };
    const registered = sk ? sk.registered : true;
    if (registered) entity.reg = this.registerIndividual(entity, rng, isSeller, sk);
    return entity;
  }

  private registerIndividual(e: Entity, rng: Rng, isSeller: boolean, sk: Skeleton | null): Registration {
    // Sellers big enough to need invoices in 2025 were registered before 2025 (they issued invoices all year).
    const mustBeOld = sk !== null && (sk.tiers[2025] === 'large' || sk.tiers[2025] === 'mid');
    const old = mustBeOld || rng.chance(isSeller ? 0.8 : 0.9);
    const adult = epochDayOf(e.birthYear + 18, 1, 1);
    let status: RegStatus = 'active';
    if (!isSeller) status = FILLER_STATUS.pick(rng);
    let registeredOn: number;
    let taxCode: string;
    let oldCode: string | null = null;
    let migrated = false;
    const previous: string[] = [];
    let nationalIdShown = true;
    if (old) {
      const lo = Math.max(epochDayOf(2008, 1, 1), adult);
      const hi = mustBeOld ? epochDayOf(2024, 12, 31) : epochDayOf(2025, 6, 30);
      registeredOn = rng.int(Math.min(lo, hi), hi);
      oldCode = this.ids.taxCode(e.g, false);
      const state = isSeller
        ? SELLER_MIGRATION.pick(rng)
        : status === 'waiting_id_update' ? 'waiting' : status === 'active' ? FILLER_MIGRATION.pick(rng) : 'kept';
      if (state === 'migrated') {
        migrated = true;
        taxCode = e.personalId;
        previous.push(oldCode);
        // A few people held a second personal code (another tax office) before the merge into the ID.
        if (rng.chance(0.04)) previous.push(this.ids.taxCode(this.secondarySerial(e.g), false));
      } else {
        taxCode = oldCode;
        if (state === 'waiting') status = 'waiting_id_update';
        nationalIdShown = state === 'waiting' ? rng.chance(0.5) : rng.chance(0.7);
      }
    } else {
      registeredOn = rng.int(epochDayOf(2025, 7, 1), Math.min(this.asOfDay - 30, epochDayOf(2026, 3, 31)));
      taxCode = e.personalId;
      if (status === 'waiting_id_update') status = 'active';
    }
    const province = rng.chance(0.8) ? currentProvinceName(e.residence) : OLD_PROVINCES.find((p) => p.code === e.residence)!.name;
    const r = rng.next();
    return {
      taxCode,
      previousTaxCodes: previous,
      oldCode,
      migrated,
      status,
      registeredOn: isoDate(registeredOn),
      nationalIdShown,
      phone: r < 0.75 ? e.phone : r < 0.9 ? e.altPhone : '',
      email: rng.chance(0.5) ? e.email : '',
      address: formatAddress(e.address, province, old && rng.chance(0.5)),
      province,
      branches: [],
    };
  }

  /**
   * A company. `branches` < 0: not registered (never happens for the default mix, kept for completeness).
   */
  private business(g: number, rng: Rng, branches: number): Entity {
    const residence = SELLER_PROVINCES.pick(rng);
    const owner = drawName(rng, rng.chance(0.5) ? 'm' : 'f', residence);
    const brand = rng.chance(0.5) ? rng.pick(vocabulary.companyBrands) : `${owner.given} ${drawName(rng, 'm', residence).given}`;
    const name = `${rng.pick(vocabulary.companyTypes)} ${rng.pick(vocabulary.companyTrades)} ${brand}`;
    const address = drawAddress(rng);
    const phone = this.ids.phone(g);
    const category = drawCategory(rng, true);
    const handle = asciiHandle(brand);
    const email = `${rng.pick(['info', 'sales', 'ketoan', 'lienhe', 'cskh'])}@${handle}${g.toString(36)}.vn`;
    const entity: Entity = {
      g, kind: 'business', name, personName: null, birthDate: '', birthYear: 0, birthProvince: '', residence, address,
      phone, altPhone: this.ids.altPhone(g), email, personalId: '', oldIdCard: '', category, namesakeGroup: '', reg: null,
    };
    if (branches >= 0) {
      const taxCode = this.ids.taxCode(g, true);
      const province = currentProvinceName(residence);
      const branchList = [];
      for (let b = 1; b <= branches; b++) {
        const where = shortName(currentProvinceName(SELLER_PROVINCES.pick(rng)));
        branchList.push({ code: `${taxCode}-${String(b).padStart(3, '0')}`, name: `Chi nhánh ${where} - ${name}` });
      }
      entity.reg = {
        taxCode,
        previousTaxCodes: [],
        oldCode: null,
        migrated: false,
        status: 'active',
        registeredOn: isoDate(rng.int(epochDayOf(2005, 1, 1), epochDayOf(2024, 6, 30))),
        nationalIdShown: false,
        phone: rng.chance(0.8) ? phone : '',
        email: rng.chance(0.7) ? email : '',
        address: formatAddress(address, province, false),
        province,
        branches: branchList,
      };
    }
    return entity;
  }

  /** Serial numbers above every entity's, for people's second (retired) personal codes. */
  private secondarySerial(g: number): number {
    return this.totalSerials + g;
  }

  /**
   * ~3 % of people belong to a cluster of namesakes (about four per cluster): same common name, often
   * the same province, sometimes the same birth year. Clusters live within one million-block of
   * serials, so people sharing a birth year can never share a personal ID.
   */
  private namesakeCluster(g: number, rng: Rng): { id: string; name: PersonName; province: string; year: number } | null {
    if (!rng.chance(0.03)) return null;
    const block = Math.floor(g / 1_000_000);
    const inBlock = Math.min(1_000_000, this.totalSerials - block * 1_000_000);
    const clusters = Math.max(3, Math.round((inBlock * 0.03) / 4));
    const k = hashSeed(this.opts.seed, labelCode('namesake'), g) % clusters;
    const c = Rng.for(this.opts.seed, 'cluster', block, k);
    const name = commonName(k);
    const province = SELLER_PROVINCES.pick(c);
    const year = fitBirthYear(drawBirthYear(c, true), block * 1_000_000, this.blocks, 1950, 2007);
    return { id: `NS${block}-${k}`, name, province, year };
  }
}

export function personId(index: number): string {
  return `P${String(index + 1).padStart(7, '0')}`;
}
