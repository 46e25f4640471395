import { Readable } from 'node:stream';
import { IntakeStructuralError } from '../intake-structural.error';
import { readCsvHeader, withoutTrailingBlankLines } from './csv-header';
import { readDpiXml } from './dpi-xml';
import { parseFlatObject } from './flat-json';
import { readJsonArray, readNdjson } from './json-records';
import { recordsAsCsv } from './record-csv';

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/** Splits text into byte chunks of `size`, so every reader meets records (and UTF-8 characters) cut in two. */
function chunks(text: string, size: number): AsyncIterable<Buffer> {
  const bytes = Buffer.from(text);
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) parts.push(bytes.subarray(i, i + size));
  return Readable.from(parts);
}

async function structuralCode(work: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await work();
  } catch (error) {
    return error instanceof IntakeStructuralError ? error.code : `not structural: ${error}`;
  }
  return undefined;
}

const KNOWN = new Set(['seller_ref', 'seller_name', 'gross_revenue']);

describe('CSV header', () => {
  it('reads the header across chunks, without BOM and CR, and hands on the rest', async () => {
    const source = chunks('\ufeff"seller_ref", Seller_Name ,x\r\nA,B,C\r\n', 3)[Symbol.asyncIterator]();
    const head = await readCsvHeader(source);
    expect(head.names).toEqual(['seller_ref', 'Seller_Name', 'x']);
    const rest = Buffer.concat([head.rest, ...(await collect({ [Symbol.asyncIterator]: () => source }))]).toString();
    expect(rest).toBe('A,B,C\r\n');
  });

  it('reduces trailing blank lines to one line break of the file’s own style', async () => {
    const source = chunks('A,B\r\nC,D\r\n\r\n\r\n', 4)[Symbol.asyncIterator]();
    const out = Buffer.concat(await collect(withoutTrailingBlankLines(Buffer.alloc(0), source))).toString();
    expect(out).toBe('A,B\r\nC,D\r\n');
  });

  it('refuses an empty body', async () => {
    expect(await structuralCode(() => readCsvHeader(chunks('', 1)[Symbol.asyncIterator]()))).toBe('BATCH_EMPTY');
  });
});

describe('JSON records', () => {
  it('keeps numbers as written and streams array elements split anywhere', async () => {
    const text = ' [ {"seller_ref":"Nguyễn \\"A\\"","gross_revenue":12345678901234567890,"other":{"x":[1,2]}} , {"seller_ref":"B","gross_revenue":1.90,"seller_name":null} ] ';
    for (const size of [1, 2, 7, 1000]) {
      const records = await collect(readJsonArray(chunks(text, size), KNOWN));
      expect(records).toEqual([
        { seller_ref: 'Nguyễn "A"', gross_revenue: '12345678901234567890' },
        { seller_ref: 'B', gross_revenue: '1.90', seller_name: null },
      ]);
    }
  });

  it('reports malformed documents with stable codes', async () => {
    expect(await structuralCode(() => collect(readJsonArray(chunks('{"a":1}', 4), KNOWN)))).toBe('JSON_NOT_ARRAY');
    expect(await structuralCode(() => collect(readJsonArray(chunks('[{"seller_ref":"A"}', 4), KNOWN)))).toBe('JSON_MALFORMED');
    expect(await structuralCode(() => collect(readJsonArray(chunks('[1]', 4), KNOWN)))).toBe('JSON_RECORD_NOT_OBJECT');
    expect(await structuralCode(() => collect(readJsonArray(chunks('[{"seller_ref":{"x":1}}]', 4), KNOWN)))).toBe('JSON_VALUE_NOT_SCALAR');
    expect(await structuralCode(() => collect(readJsonArray(chunks('[{"a":1}] x', 4), KNOWN)))).toBe('JSON_MALFORMED');
    expect(await structuralCode(() => collect(readJsonArray(chunks('', 4), KNOWN)))).toBe('BATCH_EMPTY');
  });

  it('reads NDJSON, skipping blank lines, numbering records', async () => {
    const records = await collect(readNdjson(chunks('{"seller_ref":"A"}\r\n\n{"seller_ref":"B"}', 5), KNOWN));
    expect(records).toEqual([{ seller_ref: 'A' }, { seller_ref: 'B' }]);
    let error: unknown;
    try {
      await collect(readNdjson(chunks('{"seller_ref":"A"}\n{oops}\n', 5), KNOWN));
    } catch (caught) {
      error = caught;
    }
    expect((error as IntakeStructuralError).details).toEqual({ record: 2 });
  });

  it('parses a flat object and ignores unknown fields', () => {
    expect(parseFlatObject('{"seller_ref":"x","zz":true,"seller_name":false}', 1, KNOWN)).toEqual({ seller_ref: 'x', seller_name: 'false' });
  });
});

describe('record CSV encoding', () => {
  it('quotes text, leaves NULL unquoted and drops NUL characters', async () => {
    const records = Readable.from([{ a: 'x,"y"', b: null }, { a: '', b: 'n\u0000ul' }]);
    expect(Buffer.concat(await collect(recordsAsCsv(records, ['a', 'b']))).toString()).toBe('"x,""y""",\n"","nul"\n');
  });
});

describe('DPI XML', () => {
  const doc = (body: string) =>
    `<?xml version="1.0"?><dpi:DPI_OECD xmlns:dpi="urn:oecd:ties:dpi:v1" xmlns:stf="urn:oecd:ties:dpistf:v1"><dpi:MessageSpec><dpi:MessageTypeIndic>DPI401</dpi:MessageTypeIndic><dpi:ReportingPeriod>2025-12-31</dpi:ReportingPeriod></dpi:MessageSpec><dpi:DPIBody>${body}</dpi:DPIBody></dpi:DPI_OECD>`;
  const seller = `<dpi:ReportableSeller><dpi:Identity><dpi:IndividualSeller><dpi:Standard><dpi:IndSellerID>
      <dpi:ResCountryCode>VN</dpi:ResCountryCode><dpi:TIN issuedBy="FR">123</dpi:TIN><dpi:TIN issuedBy="VN">0100109106</dpi:TIN>
      <dpi:IN INType="CCCD">001090012345</dpi:IN>
      <dpi:Name><dpi:FirstName>An</dpi:FirstName><dpi:MiddleName>Văn</dpi:MiddleName><dpi:LastName>Nguyễn</dpi:LastName></dpi:Name>
      <dpi:Address><dpi:AddressFix><dpi:Street>1 Lê Lợi</dpi:Street><dpi:City>Huế</dpi:City></dpi:AddressFix></dpi:Address>
    </dpi:IndSellerID></dpi:Standard></dpi:IndividualSeller></dpi:Identity>
    <dpi:RelevantActivities>
      <dpi:SaleOfGoods><dpi:Consideration><dpi:ConsQ1>100</dpi:ConsQ1><dpi:ConsQ2>1.90</dpi:ConsQ2></dpi:Consideration>
        <dpi:PropertyListing><dpi:Address><dpi:City>Elsewhere</dpi:City></dpi:Address></dpi:PropertyListing></dpi:SaleOfGoods>
      <dpi:PersonalServices><dpi:Consideration><dpi:ConsQ1>50</dpi:ConsQ1></dpi:Consideration><dpi:Taxes><dpi:TaxQ1>7</dpi:TaxQ1></dpi:Taxes></dpi:PersonalServices>
    </dpi:RelevantActivities>
    <dpi:DocSpec><stf:DocTypeIndic>OECD2</stf:DocTypeIndic><stf:DocRefId>R2</stf:DocRefId><stf:CorrDocRefId>R1</stf:CorrDocRefId></dpi:DocSpec>
  </dpi:ReportableSeller>`;

  it('streams one record per ReportableSeller, summing activities per quarter exactly', async () => {
    const [record] = await collect(readDpiXml(chunks(doc(seller), 16)));
    expect(record).toMatchObject({
      doc_type: 'OECD2', doc_ref_id: 'R2', corr_doc_ref_id: 'R1', seller_name: 'Nguyễn Văn An', tax_code: '0100109106',
      national_id: '001090012345', address: '1 Lê Lợi, Huế', province: 'Huế', is_resident: 'true', reporting_year: '2025',
      activity: 'SaleOfGoods,PersonalServices', category: 'goods', cons_q1: '150', cons_q2: '1.90', tax_q1: '7', cons_q3: null,
    });
  });

  it('refuses DOCTYPEs, entities, other documents and broken XML', async () => {
    const code = (text: string) => structuralCode(() => collect(readDpiXml(chunks(text, 8))));
    expect(await code('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>')).toBe('XML_DTD_FORBIDDEN');
    expect(await code('<x xmlns="urn:oecd:ties:dpi:v1"/>')).toBe('XML_NOT_DPI');
    expect(await code('<DPI_OECD/>')).toBe('XML_NOT_DPI');
    expect(await code(doc('<dpi:ReportableSeller>'))).toBe('XML_MALFORMED');
    expect(await code(doc('&undefined;'))).toBe('XML_MALFORMED');
    expect(await code('')).toBe('BATCH_EMPTY');
  });
});
