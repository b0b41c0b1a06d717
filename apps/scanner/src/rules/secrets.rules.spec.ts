import { awsAccessKeyRule } from './aws-access-key.rule';
import { githubTokenRule } from './github-token.rule';
import { highEntropySecretRule, shannonEntropy } from './high-entropy-secret.rule';
import { privateKeyRule } from './private-key.rule';
import { redact, type Rule } from './rule.model';
import { slackTokenRule } from './slack-token.rule';

// Samples are assembled at run time so this file does not itself look like it leaks secrets.
const AWS_KEY = 'AKIA' + 'IOSFODNN7EXAMPLE';
const GH_CLASSIC = 'ghp' + '_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8';
const GH_FINE = 'github' + '_pat_' + 'A'.repeat(22) + '_' + 'b'.repeat(59);
const SLACK = 'xox' + 'b-1234567890-abcdefghij';
const PEM = '-----BEGIN ' + 'RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----';

function run(rule: Rule, text: string, path = 'src/config.ts') {
  return rule.appliesTo(path) ? rule.check({ path, text }, { paths: new Set([path]) }) : [];
}

describe('secret rules', () => {
  it.each<[string, Rule, string, string]>([
    ['private key', privateKeyRule, `// key\n${PEM}`, 'const key = readFileSync("/run/secrets/key")'],
    ['AWS key id', awsAccessKeyRule, `a = 1\nkey = "${AWS_KEY}"`, 'key = "AKIA-not-a-key"'],
    ['AWS temporary key id', awsAccessKeyRule, `a = 1\nkey = "ASIA${AWS_KEY.slice(4)}"`, 'ASIAN_MARKETS = 3'],
    ['GitHub classic token', githubTokenRule, `x\n${GH_CLASSIC}`, 'ghp_short'],
    ['GitHub OAuth token', githubTokenRule, `x\ngho_${GH_CLASSIC.slice(4)}`, 'gho_'],
    ['GitHub fine-grained token', githubTokenRule, `x\n${GH_FINE}`, 'github_pat_tooshort'],
    ['Slack token', slackTokenRule, `x\n${SLACK}`, 'xoxz-1234567890-abcdefghij'],
  ])('%s: reports the positive sample on line 2 and ignores the negative', (_label, rule, positive, negative) => {
    const matches = run(rule, positive);
    expect(matches).toEqual([{ line: 2, message: expect.any(String), ...(rule === privateKeyRule ? {} : { secret: expect.any(String) }) }]);
    // the secret handed back is exactly what the file holds, so it can be masked wherever it appears
    if (matches[0]?.secret) expect(positive).toContain(matches[0].secret);
    expect(run(rule, negative)).toEqual([]);
  });

  it('never repeats the secret in the message: it is masked as AKIA…MPLE', () => {
    const [finding] = run(awsAccessKeyRule, AWS_KEY);
    expect(finding?.message).toBe('AWS access key id AKIA…MPLE');
    expect(finding?.secret).toBe(AWS_KEY);
  });

  it('masks short values more: two characters each side from 12, none below', () => {
    expect(redact(AWS_KEY)).toBe('AKIA…MPLE');
    expect(redact('abcdefghijkl')).toBe('ab…kl');
    expect(redact('hunter2')).toBe('…');
  });

  it('reports high-entropy values assigned to secret-looking names', () => {
    const text = ['port = 8080', 'API_KEY="Zx8#qR2!vL9@mN4$tP7&kW1"', '"password": "aB3dE5gH7jK9mN1pQ3sT5"'].join('\n');
    expect(run(highEntropySecretRule, text).map((m) => [m.line, m.secret])).toEqual([
      [2, 'Zx8#qR2!vL9@mN4$tP7&kW1'],
      [3, 'aB3dE5gH7jK9mN1pQ3sT5'],
    ]);
    expect(run(highEntropySecretRule, text)[0]?.message).toMatch(/^high-entropy value \(\d\.\d\d bits\/char\) assigned to 'API_KEY'$/);
  });

  it('ignores low-entropy, short or innocently named values', () => {
    const text = [
      'password = "aaaaaaaaaaaaaaaaaaaaaaaaaaaa"',
      'token = "aB3dE5gH7"',
      'checksum = "aB3dE5gH7jK9mN1pQ3sT5"',
      // references to where the secret comes from at run time (Compose, shell, NATS config)
      'JETWAY_BUILDER_NATS_PASSWORD: ${JETWAY_BUILDER_NATS_PASSWORD:-builder-dev}',
      '{ user: builder, password: $JETWAY_BUILDER_PASSWORD }',
    ].join('\n');
    expect(run(highEntropySecretRule, text)).toEqual([]);
  });

  it('computes Shannon entropy in bits per character', () => {
    expect(shannonEntropy('aaaa')).toBe(0);
    expect(shannonEntropy('abcd')).toBe(2);
    expect(shannonEntropy('0123456789abcdef')).toBe(4);
  });
});
