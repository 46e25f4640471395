import { createHash, Hash } from 'node:crypto';
import { IntakeStructuralError } from '../intake-structural.error';

/**
 * Counts and hashes the request body as it streams past, and stops it at the configured limit. The hash is
 * of the exact bytes received, so "same Idempotency-Key, same content" means byte-identical.
 */
export class BodyMeter {
  bytes = 0;
  private readonly hash: Hash = createHash('sha256');
  private hex?: string;

  constructor(private readonly maxBytes: number) {}

  /** Wraps a byte stream; throws BATCH_TOO_LARGE as soon as the limit is passed. */
  async *meter(source: AsyncIterable<Buffer | string>): AsyncGenerator<Buffer> {
    for await (const piece of source) {
      const chunk = typeof piece === 'string' ? Buffer.from(piece) : piece;
      this.bytes += chunk.length;
      if (this.bytes > this.maxBytes) throw tooLarge(this.maxBytes);
      this.hash.update(chunk);
      yield chunk;
    }
  }

  /** Reads the rest of the body only to hash it (an idempotent replay needs no staging). */
  async drain(source: AsyncIterable<Buffer | string>): Promise<void> {
    for await (const chunk of this.meter(source)) void chunk;
  }

  /** The hex sha256 of everything metered so far; call once the body is fully read. */
  digest(): string {
    this.hex ??= this.hash.digest('hex');
    return this.hex;
  }
}

export function tooLarge(maxBytes: number): IntakeStructuralError {
  return new IntakeStructuralError('BATCH_TOO_LARGE', `the body exceeds the limit of ${maxBytes} bytes`, 413, { maxBytes });
}
