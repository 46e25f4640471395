/** Registry (authority/taxpayers.csv) rows of a person, a company and its branches. */
import { epochDay, isoDate } from './calendar';
import { Entity } from './people';
import { Rng } from './prng';
import { csvLine } from './sinks';

const LATEST_BRANCH = epochDay('2026-06-30');

export function registryLines(e: Entity, rng: Rng): string[] {
  const reg = e.reg;
  if (!reg) return [];
  const lines = [
    csvLine([
      reg.taxCode,
      reg.nationalIdShown ? e.personalId : '',
      reg.previousTaxCodes.join(';'),
      e.name,
      e.birthDate,
      reg.phone,
      reg.email,
      reg.address,
      reg.province,
      e.category,
      reg.status,
      reg.registeredOn,
    ]),
  ];
  const opened = epochDay(reg.registeredOn);
  for (const b of reg.branches) {
    lines.push(
      csvLine([b.code, '', '', b.name, '', '', '', reg.address, reg.province, e.category, 'active', isoDate(Math.min(opened + rng.int(30, 2500), LATEST_BRANCH))]),
    );
  }
  return lines;
}
