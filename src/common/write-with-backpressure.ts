import type { Writable } from 'node:stream';

/**
 * Writes a chunk of a streamed export; when the client's buffer is full, waits for 'drain' (or 'close', when the
 * client went away) and then removes both listeners. (Racing two `events.once` promises leaves the loser's
 * listeners behind: a long export piled them up on one response.) A client that is gone gets nothing more;
 * exports check `out.destroyed` to stop reading.
 */
export async function writeWithBackpressure(out: Writable, chunk: string | Buffer): Promise<void> {
  if (out.destroyed || out.write(chunk) || out.destroyed) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      out.off('drain', done);
      out.off('close', done);
      resolve();
    };
    out.on('drain', done);
    out.on('close', done);
  });
}
