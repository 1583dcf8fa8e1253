// Accounts for browser suites that need more than a citizen: `tablero users add` on the running
// server's database (SQLite in WAL mode lets the command write while the server serves), with
// the password on standard input as an installer types it.
import { spawn } from 'node:child_process';
import { tableroBinary } from './server.mjs';

// Resolves once the account exists; rejects with the command's output when it fails.
// institutions: the lead institutions an officer reports for, as the plans name them.
export function addUser(server, { email, role, password, name = '', institutions = [], organisation = '' }) {
  const args = ['users', 'add', '--email', email, '--role', role, '--db', server.db];
  if (name) args.push('--name', name);
  for (const institution of institutions) args.push('--institution', institution);
  if (organisation) args.push('--organisation', organisation);
  return new Promise((resolve, reject) => {
    const child = spawn(tableroBinary(), args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => { output += chunk; });
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`tablero ${args.join(' ')} exited with ${code}:\n${output}`));
    });
    child.stdin.end(`${password}\n`);
  });
}
