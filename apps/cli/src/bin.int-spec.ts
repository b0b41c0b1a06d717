import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';

const BIN = resolve(__dirname, '../../../tools/bin/jetway.js');
/** The machine's own Node (Debian's, 20 here): what `jetway` on PATH after `npm link` starts with. */
const SYSTEM_NODE = ['/usr/bin/node', '/usr/local/bin/node'].find((path) => existsSync(path));

describe('the jetway bin (npm link)', () => {
  const elsewhere = mkdtempSync(resolve(tmpdir(), 'jetway-elsewhere-'));
  afterAll(() => rmSync(elsewhere, { recursive: true, force: true }));

  it('runs from any directory on the checkout’s Node 24, whatever Node starts it', () => {
    if (!SYSTEM_NODE) throw new Error('no machine Node at /usr/bin/node or /usr/local/bin/node to start the bin with');
    const result = spawnSync(SYSTEM_NODE, [BIN, '--version'], { cwd: elsewhere, encoding: 'utf8', env: { ...process.env, JETWAY_NATS_URL: '' } });
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^jetway \d+\.\d+\.\d+ \(Node v24\.\d+\.\d+\)\n$/);
    expect(result.status).toBe(0);
  });

  it('resolves the project’s own modules from elsewhere (a command that loads them all)', () => {
    const result = spawnSync(process.execPath, [BIN, 'status', '01J9Z8X7W6V5T4S3R2Q1P0N9M8', '--nats', 'nats://127.0.0.1:1'], { cwd: elsewhere, encoding: 'utf8' });
    expect(result.stderr).toContain('cannot reach NATS at nats://127.0.0.1:1');
    expect(result.stderr).not.toContain('Cannot find module');
    expect(result.status).toBe(1);
  });
});
