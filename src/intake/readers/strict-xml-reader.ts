import { SaxesParser, SaxesTagNS } from 'saxes';
import { StringDecoder } from 'node:string_decoder';
import { IntakeStructuralError } from '../intake-structural.error';

/**
 * The streaming, hardened part every XML batch reader shares (OECD DPI, GDT e-invoices): a namespace-aware SAX
 * parser fed a chunk at a time, that refuses any DOCTYPE (so no entity expansion and no external reference can
 * ever be resolved), turns malformed XML into XML_MALFORMED with its line, refuses an empty body, and hands out
 * the records its subclass completed so far. A subclass only reads elements.
 */
export abstract class StrictXmlReader<T> {
  protected readonly parser = new SaxesParser({ xmlns: true, position: true });
  protected readonly ready: T[] = [];
  /** Whether anything but whitespace was written. */
  protected sawContent = false;
  private failure?: Error;

  constructor() {
    this.parser.on('doctype', () => this.fail('XML_DTD_FORBIDDEN', 'DOCTYPE and entity declarations are not accepted'));
    this.parser.on('error', (error) => this.fail('XML_MALFORMED', `the XML is not well-formed: ${error.message}`));
    this.parser.on('opentag', (tag) => this.onOpen(tag as SaxesTagNS));
    this.parser.on('text', (text) => this.onText(text));
    this.parser.on('cdata', (text) => this.onText(text));
    this.parser.on('closetag', () => this.onClose());
  }

  protected abstract onOpen(tag: SaxesTagNS): void;
  protected abstract onText(text: string): void;
  protected abstract onClose(): void;

  /** Whether the body held nothing to read (checked before the end of the document). */
  protected isEmpty(): boolean {
    return !this.sawContent;
  }

  /** After a well-formed end: refuse a document that is not of the reader's kind. */
  protected endOfDocument(): void {}

  protected get failed(): boolean {
    return this.failure !== undefined;
  }

  write(text: string): void {
    if (text.length === 0) return;
    if (!this.sawContent && /\S/.test(text)) this.sawContent = true;
    this.guard(() => this.parser.write(text));
  }

  close(): void {
    if (this.isEmpty()) throw new IntakeStructuralError('BATCH_EMPTY', 'the body is empty');
    this.guard(() => this.parser.close());
    this.endOfDocument();
  }

  take(): T[] {
    return this.ready.splice(0, this.ready.length);
  }

  /** Stops the document for good with a stable code, at the parser's current line. */
  protected fail(code: string, message: string): never {
    this.failure ??= new IntakeStructuralError(code, message, 400, { line: this.parser.line });
    throw this.failure;
  }

  private guard(step: () => unknown): void {
    try {
      step();
    } catch (error) {
      this.failure ??= error as Error;
    }
    if (this.failure) throw this.failure;
  }
}

/** Feeds a body, chunk by chunk, through `reader` and yields its records as they complete. */
export async function* readXmlRecords<T>(chunks: AsyncIterable<Buffer | string>, reader: StrictXmlReader<T>): AsyncGenerator<T> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of chunks) {
    reader.write(typeof chunk === 'string' ? chunk : decoder.write(chunk));
    yield* reader.take();
  }
  reader.write(decoder.end());
  reader.close();
  yield* reader.take();
}
