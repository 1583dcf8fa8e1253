// Starts a real Tablero for one browser suite: a fresh SQLite database in a temporary folder,
// the demo data, port 0, and the URL read from the one line the server prints when it is ready.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const readyLine = /Tablero is serving on (http:\/\/\S+\/)/;
const startTimeoutMs = 20_000;
const stopTimeoutMs = 10_000;

// CTest passes the binary it built in TABLERO_BINARY; by hand the default build folder is used.
export function tableroBinary() {
  return process.env.TABLERO_BINARY || path.join(repoRoot, 'build', 'tablero');
}

// Resolves to { url, stop } once the server has printed its URL; rejects with the server's
// stderr when it exits early or stays silent for 20 seconds.
export async function startServer() {
  const binary = tableroBinary();
  if (!existsSync(binary)) {
    throw new Error(`Tablero binary not found at ${binary}: run \`make build\` first`);
  }
  const dataDir = await mkdtemp(path.join(tmpdir(), 'tablero-e2e-'));
  const args = ['serve', '--db', path.join(dataDir, 'e2e.db'), '--listen', '127.0.0.1:0',
    '--demo', '--access-log', 'off',
    // No background requests to the demo's real evidence sites during a test.
    '--no-link-checks'];
  const child = spawn(binary, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });

  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  child.stdout.setEncoding('utf8');

  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const describe = () => `command: ${binary} ${args.join(' ')}\n` +
    `stdout:\n${stdout || '(empty)'}\nstderr:\n${stderr || '(empty)'}`;

  let url;
  try {
    url = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(
        `Tablero did not print its URL within ${startTimeoutMs / 1000} s\n${describe()}`)),
        startTimeoutMs);
      child.stdout.on('data', (chunk) => {
        stdout += chunk;
        const match = readyLine.exec(stdout);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(new Error(`could not start Tablero: ${error.message}\n${describe()}`));
      });
      exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`Tablero exited before serving (code ${code}, signal ${signal})\n${describe()}`));
      });
    });
  } catch (error) {
    child.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }

  // SIGTERM is the graceful stop; a server that ignores it is killed and reported.
  async function stop() {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      let timer;
      const timeout = new Promise((resolve) => { timer = setTimeout(() => resolve('timeout'), stopTimeoutMs); });
      const outcome = await Promise.race([exited, timeout]);
      clearTimeout(timer);
      if (outcome === 'timeout') {
        child.kill('SIGKILL');
        await exited;
        await rm(dataDir, { recursive: true, force: true });
        throw new Error(`Tablero did not stop within ${stopTimeoutMs / 1000} s of SIGTERM\n${describe()}`);
      }
    }
    await rm(dataDir, { recursive: true, force: true });
  }

  // db: the server's database, for `tablero users add` (users.mjs) while it serves.
  return { url, stop, stderr: () => stderr, db: path.join(dataDir, 'e2e.db') };
}
