/**
 * OECD DPI (DAC7-style) XML for the platform that reports that way. One message per reporting year
 * (DPI401, records OECD1) and one correction message (DPI402) whose OECD2 records replace earlier
 * records via CorrDocRefId. Demo conventions: ConsQn is revenue net of refunds, before fees and taxes;
 * TaxQn is VAT + PIT withheld; the seller's platform code is the last part of DocRefId
 * (`VN-<platform>-<year>-<seller_ref>`, corrections add `-C1`).
 */
import { Account } from './accounts';
import { stripDiacritics } from './names';
import { Seller } from './people';
import { PlatformDef } from './platforms';
import { xmlText } from './invoice-xml';

export interface DpiQuarter {
  cons: number;
  numb: number;
  fees: number;
  tax: number;
}

export interface DpiIdentity {
  /** Tax code or personal ID as the platform has it; '' = unknown. */
  tin: string;
  firstName: string;
  middleName: string;
  lastName: string;
  entityName: string;
  address: string;
  birthDate: string;
}

export interface DpiDocSpec {
  type: 'OECD1' | 'OECD2';
  docRefId: string;
  corrMessageRefId?: string;
  corrDocRefId?: string;
}

export function messageRefId(platform: PlatformDef, year: number, kind: 'new' | 'correction'): string {
  return `VN${year}-${platform.code.toUpperCase()}-${kind === 'new' ? 'DPI401' : 'DPI402'}-0001`;
}

export function docRefId(platform: PlatformDef, year: number, ref: string, version = 0): string {
  return `VN-${platform.code}-${year}-${ref}${version ? `-C${version}` : ''}`;
}

export function dpiHeader(platform: PlatformDef, year: number, kind: 'new' | 'correction', timestamp: string): string {
  const msgId = messageRefId(platform, year, kind);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<dpi:DPI_OECD xmlns:dpi="urn:oecd:ties:dpi:v1" xmlns:stf="urn:oecd:ties:dpistf:v1" version="1.0">',
    '  <dpi:MessageSpec>',
    `    <dpi:SendingEntityIN>${platform.code.toUpperCase()}-VN</dpi:SendingEntityIN>`,
    '    <dpi:TransmittingCountry>VN</dpi:TransmittingCountry>',
    '    <dpi:ReceivingCountry>VN</dpi:ReceivingCountry>',
    '    <dpi:MessageType>DPI</dpi:MessageType>',
    `    <dpi:MessageRefId>${msgId}</dpi:MessageRefId>`,
    `    <dpi:MessageTypeIndic>${kind === 'new' ? 'DPI401' : 'DPI402'}</dpi:MessageTypeIndic>`,
    `    <dpi:ReportingPeriod>${year}-12-31</dpi:ReportingPeriod>`,
    `    <dpi:Timestamp>${timestamp}</dpi:Timestamp>`,
    '  </dpi:MessageSpec>',
    '  <dpi:DPIBody>',
    '    <dpi:PlatformOperator>',
    '      <dpi:ResCountryCode>SG</dpi:ResCountryCode>',
    `      <dpi:TIN issuedBy="SG">T19${platform.code.length}${year}SG01</dpi:TIN>`,
    `      <dpi:Name>${xmlText(platform.name)} Pte. Ltd.</dpi:Name>`,
    '      <dpi:Address>',
    '        <dpi:CountryCode>SG</dpi:CountryCode>',
    '        <dpi:AddressFree>1 Demo Road, Singapore 000001</dpi:AddressFree>',
    '      </dpi:Address>',
    '      <dpi:DocSpec>',
    `        <stf:DocTypeIndic>${kind === 'new' ? 'OECD1' : 'OECD0'}</stf:DocTypeIndic>`,
    `        <stf:DocRefId>${docRefId(platform, year, kind === 'new' ? 'PO' : 'PO-R1')}</stf:DocRefId>`,
    '      </dpi:DocSpec>',
    '    </dpi:PlatformOperator>',
    '',
  ].join('\n');
}

export const DPI_FOOTER = '  </dpi:DPIBody>\n</dpi:DPI_OECD>\n';

export function dpiIdentity(seller: Seller, tin: string, address: string, birthDate: string, asciiOnly: boolean): DpiIdentity {
  const t = (s: string) => (asciiOnly ? stripDiacritics(s) : s);
  const n = seller.personName;
  return {
    tin,
    firstName: n ? t(n.given) : '',
    middleName: n ? t(n.middle.join(' ')) : '',
    lastName: n ? t(n.family) : '',
    entityName: n ? '' : t(seller.name),
    address: t(address),
    birthDate,
  };
}

function tinXml(tin: string, pad: string): string {
  return tin ? `${pad}<dpi:TIN issuedBy="VN">${xmlText(tin)}</dpi:TIN>` : `${pad}<dpi:TIN issuedBy="VN" unknown="true">NOTIN</dpi:TIN>`;
}

function amounts(tag: string, prefix: string, values: number[], money: boolean, pad: string): string[] {
  const attr = money ? ' currCode="VND"' : '';
  return [`${pad}<dpi:${tag}>`, ...values.map((v, i) => `${pad}  <dpi:${prefix}${i + 1}${attr}>${v}</dpi:${prefix}${i + 1}>`), `${pad}</dpi:${tag}>`];
}

export function reportableSellerXml(id: DpiIdentity, quarters: DpiQuarter[], doc: DpiDocSpec): string {
  const p = '    ';
  const out: string[] = [`${p}<dpi:ReportableSeller>`, `${p}  <dpi:Identity>`];
  const address = id.address
    ? [`<dpi:Address legalAddressType="OECD301">`, '  <dpi:CountryCode>VN</dpi:CountryCode>', `  <dpi:AddressFree>${xmlText(id.address)}</dpi:AddressFree>`, '</dpi:Address>']
    : [];
  if (id.entityName) {
    const q = `${p}        `;
    out.push(`${p}    <dpi:EntitySeller>`, `${p}      <dpi:Standard>`, `${p}        <dpi:EntSellerID>`);
    out.push(`${q}  <dpi:ResCountryCode>VN</dpi:ResCountryCode>`, tinXml(id.tin, `${q}  `));
    out.push(`${q}  <dpi:Name>${xmlText(id.entityName)}</dpi:Name>`);
    out.push(...address.map((l) => `${q}  ${l}`));
    out.push(`${q}</dpi:EntSellerID>`, `${p}      </dpi:Standard>`, `${p}    </dpi:EntitySeller>`);
  } else {
    const q = `${p}        `;
    out.push(`${p}    <dpi:IndividualSeller>`, `${p}      <dpi:Standard>`, `${p}        <dpi:IndSellerID>`);
    out.push(`${q}  <dpi:ResCountryCode>VN</dpi:ResCountryCode>`, tinXml(id.tin, `${q}  `));
    out.push(`${q}  <dpi:Name>`, `${q}    <dpi:FirstName>${xmlText(id.firstName)}</dpi:FirstName>`);
    if (id.middleName) out.push(`${q}    <dpi:MiddleName>${xmlText(id.middleName)}</dpi:MiddleName>`);
    out.push(`${q}    <dpi:LastName>${xmlText(id.lastName)}</dpi:LastName>`, `${q}  </dpi:Name>`);
    out.push(...address.map((l) => `${q}  ${l}`));
    if (id.birthDate) out.push(`${q}  <dpi:BirthInfo>`, `${q}    <dpi:BirthDate>${id.birthDate}</dpi:BirthDate>`, `${q}  </dpi:BirthInfo>`);
    out.push(`${q}</dpi:IndSellerID>`, `${p}      </dpi:Standard>`, `${p}    </dpi:IndividualSeller>`);
  }
  out.push(`${p}  </dpi:Identity>`, `${p}  <dpi:RelevantActivities>`, `${p}    <dpi:SaleOfGoods>`);
  const a = `${p}      `;
  out.push(...amounts('Consideration', 'ConsQ', quarters.map((q) => q.cons), true, a));
  out.push(...amounts('NumberOfActivities', 'NumbQ', quarters.map((q) => q.numb), false, a));
  out.push(...amounts('Fees', 'FeesQ', quarters.map((q) => q.fees), true, a));
  out.push(...amounts('Taxes', 'TaxQ', quarters.map((q) => q.tax), true, a));
  out.push(`${p}    </dpi:SaleOfGoods>`, `${p}  </dpi:RelevantActivities>`, `${p}  <dpi:DocSpec>`);
  out.push(`${p}    <stf:DocTypeIndic>${doc.type}</stf:DocTypeIndic>`, `${p}    <stf:DocRefId>${xmlText(doc.docRefId)}</stf:DocRefId>`);
  if (doc.corrMessageRefId) out.push(`${p}    <stf:CorrMessageRefId>${xmlText(doc.corrMessageRefId)}</stf:CorrMessageRefId>`);
  if (doc.corrDocRefId) out.push(`${p}    <stf:CorrDocRefId>${xmlText(doc.corrDocRefId)}</stf:CorrDocRefId>`);
  out.push(`${p}  </dpi:DocSpec>`, `${p}</dpi:ReportableSeller>`, '');
  return out.join('\n');
}

/** Quarterly figures of one account in one year (Q1–Q4; quarters after the data range are 0). */
export function quartersOfAccount(account: Account, rows: ReadonlyArray<{ account: Account; period: { year: number; quarter: number }; net: number; orders: number; fees: number; vat: number; pit: number }>, year: number): DpiQuarter[] {
  const q: DpiQuarter[] = [0, 1, 2, 3].map(() => ({ cons: 0, numb: 0, fees: 0, tax: 0 }));
  for (const r of rows) {
    if (r.account !== account || r.period.year !== year) continue;
    const x = q[r.period.quarter - 1];
    x.cons += r.net;
    x.numb += r.orders;
    x.fees += r.fees;
    x.tax += r.vat + r.pit;
  }
  return q;
}
