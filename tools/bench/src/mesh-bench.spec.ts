import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVICE_NODE_FLAGS } from '@jetway/launcher';
import { withNodeFlags } from './mesh-bench';

describe('withNodeFlags', () => {
  let dir: string;
  let script: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'jetway-node-flags-'));
    script = join(dir, 'main.js');
    // Prints the young generation's size in MB (two semi-spaces), as V8 sized it from the flags.
    writeFileSync(script, "const v8 = require('v8'); for (let i = 0, a = []; i < 1e6; i += 1) a.push({ i }); process.stdout.write(String(v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size / 1048576));");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const command = () => [...SERVICE_NODE_FLAGS, script];
  const youngMb = (argv: string[]) => Number(execFileSync(process.execPath, argv, { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } }));

  it('puts the flags after the services\' own, right before the script', () => {
    expect(withNodeFlags(command, ' --max-semi-space-size=2  --heapsnapshot-signal=SIGUSR2 ')('planner')).toEqual([...SERVICE_NODE_FLAGS, '--max-semi-space-size=2', '--heapsnapshot-signal=SIGUSR2', script]);
    expect(withNodeFlags(command, undefined)('planner')).toEqual(command());
  });

  it('overrides a flag the services are started with (NODE_OPTIONS would not)', () => {
    const given = youngMb(command());
    const overridden = youngMb(withNodeFlags(command, '--max-semi-space-size=16')('planner'));
    const throughEnv = Number(execFileSync(process.execPath, command(), { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '--max-semi-space-size=16' } }));
    expect(overridden).toBeGreaterThan(given);
    expect(throughEnv).toBe(given);
  });
});
