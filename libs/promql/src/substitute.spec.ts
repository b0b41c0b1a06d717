import { promqlSyntaxError } from './check-promql';
import { substituteInStrings } from './substitute';

describe('substituteInStrings', () => {
  it('writes the value into every label matcher that names the variable', () => {
    const query = 'sum(rate(r{release="$release",code=~"5.."}[1m])) / sum(rate(r{release="$release"}[1m]))';
    expect(substituteInStrings(query, '$release', 'sha256:ab12')).toBe(
      'sum(rate(r{release="sha256:ab12",code=~"5.."}[1m])) / sum(rate(r{release="sha256:ab12"}[1m]))',
    );
  });

  it('escapes the value for its quotes, so it cannot end the string or add a matcher', () => {
    const hostile = 'x"} or vector(0) or r{a="';
    const out = substituteInStrings('r{release="$release"}', '$release', hostile);
    expect(out).toBe('r{release="x\\"} or vector(0) or r{a=\\""}');
    expect(promqlSyntaxError(out)).toBeUndefined();
    expect(substituteInStrings("r{release='$release'}", '$release', "it's\\")).toBe("r{release='it\\'s\\\\'}");
    expect(substituteInStrings('r{release="$release"}', '$release', 'a\nb\u0001')).toBe('r{release="a\\nb\\x01"}');
  });

  it('escapes RE2 metacharacters in a regex matcher (the release is a literal, not a pattern)', () => {
    expect(substituteInStrings('r{release=~"$release|canary"}', '$release', 'v1.2+b')).toBe('r{release=~"v1\\\\.2\\\\+b|canary"}');
    expect(substituteInStrings('r{release!~`$release`}', '$release', 'v1.2')).toBe('r{release!~`v1\\.2`}');
  });

  it('leaves comments and queries without the variable as written', () => {
    const query = '# per $release\nsum(rate(r{release="stable"}[1m]))';
    expect(substituteInStrings(query, '$release', 'v2')).toBe(query);
  });

  it('refuses a value a raw string cannot hold', () => {
    expect(() => substituteInStrings('r{release=`$release`}', '$release', 'a`b')).toThrow('cannot write "a`b" inside a raw `…` string');
  });
});
