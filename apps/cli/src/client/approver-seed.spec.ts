import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readApproverSeed, seedCandidates } from './approver-seed';
import { embeddedNatsUrl, stateDirsOf } from './state-dirs';

describe('finding an approver seed', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'jetway-seed-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const lookup = (extra: Partial<Parameters<typeof readApproverSeed>[1]> = {}) => ({ env: {}, stateDirs: [join(dir, '.jetway')], home: dir, ...extra });

  it('looks in --key, else $JETWAY_APPROVER_KEY, else the state dirs, then ~/.config', () => {
    expect(seedCandidates('alice', lookup({ keyFile: '/k.nk', env: { JETWAY_APPROVER_KEY: '/e.nk' } }))).toEqual(['/k.nk']);
    expect(seedCandidates('alice', lookup({ env: { JETWAY_APPROVER_KEY: '/e.nk' } }))).toEqual(['/e.nk']);
    expect(seedCandidates('alice', lookup())).toEqual([join(dir, '.jetway', 'approvers', 'alice.nk'), join(dir, '.config', 'jetway', 'approvers', 'alice.nk')]);
  });

  it('refuses, with where it looked and how to get enrolled, when there is no seed', () => {
    expect(() => readApproverSeed('alice', lookup())).toThrow(/no signing key for alice: .* looked for .*alice\.nk.*\(jetway approvers enrol alice\)/);
  });

  it('reads a mode-600 seed and refuses one that others can read', () => {
    const path = join(dir, '.jetway', 'approvers', 'alice.nk');
    mkdirSync(join(dir, '.jetway', 'approvers'), { recursive: true });
    writeFileSync(path, 'SUAFAKESEED\n', { mode: 0o600 });
    expect(readApproverSeed('alice', lookup())).toEqual({ seed: 'SUAFAKESEED', path });
    chmodSync(path, 0o644);
    expect(() => readApproverSeed('alice', lookup())).toThrow(`${path} is readable by other users; a seed is a private key: chmod 600 ${path}`);
  });
});

describe('state directories', () => {
  it('looks in JETWAY_STATE_DIR, the working directory, then the checkout the CLI runs from, without repeats', () => {
    expect(stateDirsOf({ JETWAY_STATE_DIR: '/s' }, '/work/elsewhere', '/repo')).toEqual(['/s', '/work/elsewhere/.jetway', '/repo/.jetway']);
    expect(stateDirsOf({}, '/repo', '/repo')).toEqual(['/repo/.jetway']);
  });

  it('finds the embedded NATS URL in the first state dir that has one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jetway-state-'));
    mkdirSync(join(dir, 'b'));
    writeFileSync(join(dir, 'b', 'nats.url'), 'nats://127.0.0.1:14222\n');
    expect(embeddedNatsUrl([join(dir, 'a'), join(dir, 'b')])).toBe('nats://127.0.0.1:14222');
    expect(embeddedNatsUrl([join(dir, 'a')])).toBeUndefined();
    rmSync(dir, { recursive: true, force: true });
  });
});
