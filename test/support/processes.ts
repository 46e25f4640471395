import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(__dirname, '../..');

/** A real API or worker process from the build (global setup builds dist), with its output captured. */
export class SpawnedProcess {
  output = '';
  readonly exited: Promise<number | null>;

  private constructor(readonly child: ChildProcess) {
    child.stdout?.on('data', (chunk) => (this.output += chunk));
    child.stderr?.on('data', (chunk) => (this.output += chunk));
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  }

  static start(entry: 'api' | 'worker' | 'cli', env: Record<string, string>, args: string[] = []): SpawnedProcess {
    const file = { api: 'dist/src/main.js', worker: 'dist/workers/main.js', cli: 'dist/src/cli/main.js' }[entry];
    const child = spawn(process.execPath, [join(ROOT, file), ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new SpawnedProcess(child);
  }

  async waitForOutput(pattern: RegExp, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.output)) {
      if (Date.now() > deadline) throw new Error(`no ${pattern} in output within ${timeoutMs} ms:\n${this.output.slice(-2000)}`);
      if (this.child.exitCode !== null) throw new Error(`process exited (${this.child.exitCode}) before ${pattern}:\n${this.output.slice(-2000)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }
}

/** Runs the administration CLI against a database; its exit code, its stdout alone, and all its output. */
export async function runCli(env: Record<string, string>, args: string[]): Promise<{ code: number | null; stdout: string; output: string }> {
  const child = SpawnedProcess.start('cli', env, args);
  let stdout = '';
  child.child.stdout?.on('data', (chunk) => (stdout += chunk));
  const code = await child.exited;
  return { code, stdout, output: child.output };
}
