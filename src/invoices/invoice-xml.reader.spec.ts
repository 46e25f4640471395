import { IntakeStructuralError } from '../intake/intake-structural.error';
import { InvoiceRecord } from './invoice-columns';
import { readInvoiceXml } from './invoice-xml.reader';
import { hdon } from '../../test/integration/invoices-xml-fixtures';

async function read(xml: string, chunkSize = 37): Promise<InvoiceRecord[]> {
  const chunks: Buffer[] = [];
  const bytes = Buffer.from(xml, 'utf8');
  for (let i = 0; i < bytes.length; i += chunkSize) chunks.push(bytes.subarray(i, i + chunkSize));
  const out: InvoiceRecord[] = [];
  for await (const record of readInvoiceXml((async function* () { yield* chunks; })())) out.push(record);
  return out;
}

async function structural(xml: string): Promise<string> {
  try {
    await read(xml);
  } catch (error) {
    if (error instanceof IntakeStructuralError) return error.code;
    throw error;
  }
  throw new Error('no structural error');
}

describe('GDT e-invoice XML reader', () => {
  it('reads one HDon into a canonical record, amounts as exact whole VND, split across multibyte chunk edges', async () => {
    const [record] = await read(`<?xml version="1.0" encoding="UTF-8"?>${hdon({ buyer: '0309478306', before: '1000000.00', payable: '1100000.0' })}`, 7);
    expect(record).toEqual({
      seller_tax_code: '0100109106', form: '1', series: 'C25TAA', number: '123', issued_on: '2025-07-15', buyer_tax_code: '0309478306',
      total_before_tax: '1000000', tax_amount: '100000', total_payable: '1100000', replaces: null, relation: null,
      authority_code: '00A1B2C3D4E5F60718293A4B5C6D7E8F90', lines_total_before_tax: '1000000', lines_tax_amount: '100000',
    });
  });

  it('never turns a fraction into a float: "1.90" is passed on as written for validation to refuse', async () => {
    const [record] = await read(hdon({ tax: '1.90' }));
    expect(record.tax_amount).toBe('1.90');
  });

  it('reads a file of many invoices and a TDiep envelope', async () => {
    const many = await read(`<DSHDon>${hdon({ number: '1' })}${hdon({ number: '2' })}${hdon({ number: '3' })}</DSHDon>`);
    expect(many.map((r) => r.number)).toEqual(['1', '2', '3']);
    const envelope = await read(`<TDiep><TTChung><PBan>2.0.1</PBan><MNGui>TCT</MNGui><MLTDiep>999</MLTDiep><MST>0100109106</MST><SLuong>2</SLuong></TTChung>
      <DLieu>${hdon({ number: '7' })}${hdon({ number: '8', series: 'K25TBB', mccqt: null })}</DLieu></TDiep>`);
    expect(envelope.map((r) => [r.number, r.series, r.authority_code])).toEqual([
      ['7', 'C25TAA', '00A1B2C3D4E5F60718293A4B5C6D7E8F90'], ['8', 'K25TBB', null],
    ]);
  });

  it('reads the related invoice of a replacing or adjusting invoice', async () => {
    const [record] = await read(hdon({
      related: '<TTHDLQuan><TCHDon>2</TCHDon><LHDCLQuan>1</LHDCLQuan><KHMSHDCLQuan>1</KHMSHDCLQuan><KHHDCLQuan>C25TAA</KHHDCLQuan><SHDCLQuan>99</SHDCLQuan><NLHDCLQuan>2025-07-01</NLHDCLQuan></TTHDLQuan>',
      before: '-200000', tax: '-20000', payable: '-220000', items: '<HHDVu><TChat>1</TChat><ThTien>-200000</ThTien></HHDVu>',
      rates: '<LTSuat><TSuat>10%</TSuat><ThTien>-200000</ThTien><TThue>-20000</TThue></LTSuat>',
    }));
    expect(record).toMatchObject({ relation: '2', replaces: '1/C25TAA/99', total_before_tax: '-200000', lines_total_before_tax: '-200000', lines_tax_amount: '-20000' });
  });

  it('adds item lines exactly, subtracting discounts and skipping notes', async () => {
    const items = [
      '<HHDVu><TChat>1</TChat><ThTien>333333.33</ThTien></HHDVu>',
      '<HHDVu><TChat>1</TChat><ThTien>666666.67</ThTien></HHDVu>',
      '<HHDVu><TChat>3</TChat><ThTien>100000</ThTien></HHDVu>',
      '<HHDVu><TChat>4</TChat><THHDVu>Ghi chú</THHDVu></HHDVu>',
    ].join('');
    const [record] = await read(hdon({ items, before: '900000' }));
    expect(record.lines_total_before_tax).toBe('900000');
  });

  it('converts a foreign-currency invoice to whole VND with its exchange rate, rounding half away from zero', async () => {
    const [record] = await read(hdon({
      currency: '<DVTTe>USD</DVTTe><TGia>25450.5</TGia>', before: '100.01', tax: '10.00', payable: '110.01',
      items: '<HHDVu><TChat>1</TChat><ThTien>100.01</ThTien></HHDVu>', rates: '<LTSuat><TSuat>10%</TSuat><ThTien>100.01</ThTien><TThue>10.00</TThue></LTSuat>',
    }));
    // 100.01 × 25450.5 = 2545304.505 → 2545305; 10 × 25450.5 = 254505; 110.01 × 25450.5 = 2799809.505 → 2799810
    expect(record).toMatchObject({ total_before_tax: '2545305', tax_amount: '254505', total_payable: '2799810', lines_total_before_tax: '2545305' });
  });

  it('refuses DTDs, malformed XML, other documents and empty bodies with structural codes', async () => {
    expect(await structural(`<?xml version="1.0"?><!DOCTYPE HDon [<!ENTITY x "boom">]>${hdon()}`)).toBe('XML_DTD_FORBIDDEN');
    expect(await structural(`<!DOCTYPE HDon SYSTEM "file:///etc/passwd"><HDon/>`)).toBe('XML_DTD_FORBIDDEN');
    expect(await structural(`<HDon><DLHDon></HDon>`)).toBe('XML_MALFORMED');
    expect(await structural(`<dpi:DPI_OECD xmlns:dpi="urn:oecd:ties:dpi:v1"><dpi:MessageSpec/></dpi:DPI_OECD>`)).toBe('XML_NOT_EINVOICE');
    expect(await structural(`<Invoices><Other/></Invoices>`)).toBe('XML_NOT_EINVOICE');
    expect(await structural(``)).toBe('BATCH_EMPTY');
  });
});
