import { EXCERPT_CHARS, excerptOf, maskSecrets } from './mask-secrets.use-case';

// Assembled at run time so this file does not itself look like it leaks secrets.
const AWS_KEY = 'AKIA' + 'IOSFODNN7EXAMPLE';
const SLACK = 'xox' + 'b-1234567890-abcdefghij';
const PEM_BODY = 'MIIEowIBAAKCAQEA' + 'x7Qz'.repeat(12);
const PEM_HEADER = '-----BEGIN ' + 'RSA PRIVATE KEY-----';

describe('maskSecrets', () => {
  it('masks what the rules find in the text itself', () => {
    expect(maskSecrets(`aws=${AWS_KEY} slack=${SLACK}`)).toBe('aws=AKIA…MPLE slack=xoxb…ghij');
  });

  it('masks the secrets it is told about, even where no rule would see one', () => {
    expect(maskSecrets('curl -u admin:hunter2hunter2 https://x', ['hunter2hunter2'])).toBe('curl -u admin:hu…r2 https://x');
  });

  it('masks long opaque runs such as key material on one line', () => {
    const masked = maskSecrets(`"key": "${PEM_HEADER}\\n${PEM_BODY}"`);
    expect(masked).not.toContain(PEM_BODY.slice(8, 40));
    expect(masked).toMatch(/KEY-----\\nMII…x7Qz"$/);
  });

  it('leaves ordinary text alone', () => {
    expect(maskSecrets('const port = 8080; // listen')).toBe('const port = 8080; // listen');
  });
});

describe('excerptOf', () => {
  it('trims, masks, and says nothing for a blank line', () => {
    expect(excerptOf(`   key = "${AWS_KEY}"  `)).toBe('key = "AKIA…MPLE"');
    expect(excerptOf('   ')).toBeUndefined();
  });

  it('cuts a long line around the first mask after masking, so no part of a secret survives the cut', () => {
    const line = `${'a;'.repeat(200)}const k="${AWS_KEY}";${'b;'.repeat(200)}`;
    const excerpt = excerptOf(line) ?? '';
    expect(excerpt.length).toBeLessThanOrEqual(EXCERPT_CHARS + 2);
    expect(excerpt).toMatch(/^….*const k="AKIA…MPLE";.*…$/);
    expect(excerpt).not.toContain(AWS_KEY.slice(4, 16));
  });
});
