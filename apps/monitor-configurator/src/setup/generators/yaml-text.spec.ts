import { parse } from 'yaml';
import { doraSetupInput } from './dora/dora-setup.testing';
import { twoItemInput } from './grafana/two-items.testing';
import { bundleGenerators } from './index';
import { sampleInput, SAMPLE_URLS } from './prometheus/sample-setup.testing';
import { yamlText } from './yaml-text';

/** Strings a YAML reader could take for something else: booleans of YAML 1.1 (Go's yaml.v2, which Prometheus and Alertmanager read with) and 1.2, numbers, null, indicators. */
const LOOKALIKES = ['on', 'off', 'yes', 'no', 'y', 'Y', 'NO', 'true', 'False', '1.0', '012', '1e3', '0x1F', '.inf', 'null', '~', '', ' lead', 'trail ', 'a: b', 'x #y', '- item', '=', '<<', '@at', '`tick`', '5m', 'line1\nline2'];

describe('yamlText', () => {
  it('writes every lookalike string so that YAML 1.2 and YAML 1.1 readers both read it back as that string', () => {
    const value = { values: LOOKALIKES, keyed: Object.fromEntries(LOOKALIKES.map((s, i) => [s === '' ? `k${i}` : s, s])) };
    const text = yamlText(value);
    expect(parse(text)).toEqual(value);
    expect(parse(text, { version: '1.1' })).toEqual(value);
  });

  it('quotes with double quotes, only what needs quoting', () => {
    expect(yamlText({ plain: '5m', number: '1.0', flag: 'on', multi: 'a\nb' })).toBe('plain: 5m\nnumber: "1.0"\nflag: "on"\nmulti: |-\n  a\n  b\n');
  });

  it('keeps a long expression on one line and writes a value used twice in full, with no anchor', () => {
    const expr = `sum(rate(http_requests_total{service="${'a'.repeat(200)}"}[5m]))`;
    const shared = { for: '5m' };
    const text = yamlText({ rules: [{ expr, ...shared }, { expr, ...shared }], twice: [shared, shared] });
    expect(text.split('\n').filter((line) => line.includes(expr))).toHaveLength(2);
    expect(text).not.toMatch(/[&*]\w/);
  });

  it.each([
    ['a release-like setup', sampleInput()],
    ['two items', twoItemInput()],
    ['DORA rules', doraSetupInput({ dora: true })],
  ])('writes each YAML file of %s so that it reads back as the value it was written from', (_name, input) => {
    const { files } = bundleGenerators.generate(input, SAMPLE_URLS);
    const yamlFiles = files.filter((file) => file.path.endsWith('.yml'));
    expect(yamlFiles.length).toBeGreaterThan(3);
    for (const file of yamlFiles) {
      const read = parse(file.content, { version: '1.1' }) as unknown;
      if (file.data !== undefined) expect({ path: file.path, read }).toEqual({ path: file.path, read: file.data });
      else expect({ path: file.path, read }).toEqual({ path: file.path, read: expect.any(Object) });
    }
  });
});
