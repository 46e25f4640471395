import { parentPort, workerData } from 'node:worker_threads';
import { StageKeys, stageLines, StageRow } from './stage-lines';

/**
 * Worker thread of FeaturePool: turns a page of source rows into COPY lines of tmp_match_feat (stage-lines.ts).
 * Pure CPU work, no database; the keys come from the parent once, as workerData.
 */
const received = workerData as StageKeys | null;

parentPort?.on('message', (message: { id: number; rows: StageRow[] }) => {
  // Buffers arrive as plain Uint8Arrays.
  const keys: StageKeys = { encryption: Buffer.from(received!.encryption), fragments: Buffer.from(received!.fragments) };
  try {
    parentPort!.postMessage({ id: message.id, text: stageLines(message.rows, keys).join('') });
  } catch (error) {
    parentPort!.postMessage({ id: message.id, error: error instanceof Error ? error.message : String(error) });
  }
});
