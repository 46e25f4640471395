import PDFDocument from 'pdfkit';
import { join } from 'node:path';
import type { LetterContent } from './letter-content';

// Shipped beside this file (see fonts/SOURCE.md): the PDF standard fonts have no Vietnamese glyphs.
const FONTS = { regular: join(__dirname, 'fonts', 'DejaVuSans.ttf'), bold: join(__dirname, 'fonts', 'DejaVuSans-Bold.ttf') };

/** The same content as the HTML letter, as an A4 PDF (buffered: a letter is a few kilobytes). */
export async function renderLetterPdf(c: LetterContent): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: `${c.title} ${c.number}`, Subject: c.subtitle } });
  doc.registerFont('regular', FONTS.regular);
  doc.registerFont('bold', FONTS.bold);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = doc.page.width - 112;
  if (c.draft) doc.font('bold').fontSize(11).fillColor('#b00000').text('DỰ THẢO — chưa gửi người nộp thuế', { align: 'center' }).fillColor('black').moveDown(0.5);
  doc.font('bold').fontSize(10).text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { align: 'right' });
  doc.font('regular').text('Độc lập - Tự do - Hạnh phúc', { align: 'right' }).text(c.dateLine, { align: 'right' });
  doc.font('bold').text('CƠ QUAN THUẾ').font('regular').text(`Số: ${c.number}`).moveDown();
  doc.font('bold').fontSize(14).text(c.title, { align: 'center' });
  doc.font('regular').fontSize(10).text(c.subtitle, { align: 'center' }).moveDown();
  for (const [label, value] of c.addressee) doc.font('bold').text(`${label}: `, { continued: true }).font('regular').text(value);
  doc.moveDown().text(c.intro, { align: 'justify' }).moveDown(0.5);
  pairs(doc, c.figures, width);
  if (c.platforms.length) {
    doc.moveDown(0.5).text('Doanh thu theo từng sàn:');
    pairs(doc, c.platforms, width);
  }
  if (c.findings.length) {
    doc.moveDown(0.5).text('Nội dung cần giải trình:');
    doc.list(c.findings, { bulletRadius: 2 });
  }
  doc.moveDown().text(c.notice, { align: 'justify' }).moveDown(0.5);
  doc.font('bold').text(c.deadline).font('regular').moveDown(2);
  doc.fontSize(8).fillColor('#555555').text(c.footer);
  doc.end();
  return done;
}

/** Label left, amount right-aligned on the same line. */
function pairs(doc: PDFKit.PDFDocument, rows: Array<[string, string]>, width: number): void {
  for (const [label, amount] of rows) {
    const y = doc.y;
    doc.font('regular').text(label, doc.page.margins.left, y, { width: width * 0.62 });
    const after = doc.y;
    doc.font('bold').text(amount, doc.page.margins.left + width * 0.62, y, { width: width * 0.38, align: 'right' });
    doc.y = Math.max(after, doc.y);
    doc.x = doc.page.margins.left;
  }
}
