import { Writable } from 'node:stream';
import { writeWithBackpressure } from './write-with-backpressure';

/** A client that takes one byte at a time, a tick apart: every write hits backpressure. */
function slowClient(received: string[]): Writable {
  return new Writable({
    highWaterMark: 1,
    write(chunk, _encoding, callback) {
      received.push(chunk.toString());
      setImmediate(callback);
    },
  });
}

describe('writeWithBackpressure', () => {
  it('delivers every chunk in order and leaves no listener behind, however often it waits', async () => {
    const received: string[] = [];
    const out = slowClient(received);
    const before = { close: out.listenerCount('close'), drain: out.listenerCount('drain'), error: out.listenerCount('error') };
    for (let i = 0; i < 100; i++) await writeWithBackpressure(out, `${i},`);
    expect(received.join('')).toBe(Array.from({ length: 100 }, (_, i) => `${i},`).join(''));
    expect({ close: out.listenerCount('close'), drain: out.listenerCount('drain'), error: out.listenerCount('error') }).toEqual(before);
  });

  it('stops waiting when the client goes away', async () => {
    const out = new Writable({ highWaterMark: 1, write: () => undefined }); // never drains
    const waiting = writeWithBackpressure(out, 'abc');
    out.destroy();
    await expect(waiting).resolves.toBeUndefined();
    expect(out.listenerCount('close')).toBe(0);
    await expect(writeWithBackpressure(out, 'more')).resolves.toBeUndefined(); // gone: nothing to wait for
  });
});
