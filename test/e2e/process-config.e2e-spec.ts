import { SpawnedProcess } from '../support/processes';

/** A bad value stops the process before it touches anything, with one message naming every bad variable. */
describe('configuration at boot', () => {
  it.each(['api', 'worker'] as const)('%s exits non-zero naming REDIS_URL when it is nonsense', async (entry) => {
    const process = SpawnedProcess.start(entry, { REDIS_URL: 'nonsense', PORT: 'not-a-port' });
    const code = await process.exited;
    expect(code).not.toBe(0);
    expect(process.output).toMatch(/Invalid configuration: .*REDIS_URL/);
    expect(process.output).toContain('PORT');
    expect(process.output.trim().split('\n')).toHaveLength(1);
  });
});
