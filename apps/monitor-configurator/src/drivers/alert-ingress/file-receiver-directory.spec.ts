import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileReceiverDirectory } from './file-receiver-directory';

const oncall = { name: 'oncall', type: 'pagerduty', severities: ['page'], config: { routing_key_file: '/etc/jetway/pd-key' } };

describe('FileReceiverDirectory', () => {
  let stack: string;
  const write = (setup: string, content: string) => {
    mkdirSync(join(stack, 'setups', setup, 'alertmanager'), { recursive: true });
    writeFileSync(join(stack, 'setups', setup, 'alertmanager', 'receivers.json'), content);
  };
  beforeAll(() => {
    stack = mkdtempSync(join(tmpdir(), 'jetway-receivers-'));
    write('shop-monitoring', JSON.stringify({ receivers: { 'payments-page': [oncall] } }));
    write('broken', JSON.stringify({ receivers: { x: [{ name: 'oncall', type: 'pagerduty', config: { routing_key: 'inline-secret' } }] } }));
  });
  afterAll(() => rmSync(stack, { recursive: true, force: true }));
  const directory = () => new FileReceiverDirectory(stack);

  it('finds the channels a receiver stands for', async () => {
    expect(await directory().channelsOf('shop-monitoring', 'payments-page')).toEqual({ found: true, channels: [oncall] });
  });

  it('names an unknown setup and an unknown receiver (with the ones it has)', async () => {
    expect(await directory().channelsOf('nope', 'payments-page')).toMatchObject({ found: false, missing: 'setup' });
    const lookup = await directory().channelsOf('shop-monitoring', '__proto__');
    expect(lookup).toMatchObject({ found: false, missing: 'receiver' });
    expect(!lookup.found && lookup.detail).toContain('(it has: payments-page)');
  });

  it('fails on a malformed receivers file, naming the file and the field', async () => {
    await expect(directory().channelsOf('broken', 'x')).rejects.toThrow(/broken\/alertmanager\/receivers\.json is not a receivers file: receivers\.x\.0\.config/);
  });
});
