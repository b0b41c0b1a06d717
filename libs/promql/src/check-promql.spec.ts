import { promqlSyntaxError } from './check-promql';

describe('promqlSyntaxError (Prometheus grammar)', () => {
  it.each([
    'up',
    'sum(rate(jetway_router_requests_total{release="$release",code=~"5.."}[1m])) / sum(rate(jetway_router_requests_total{release="$release"}[1m]))',
    'histogram_quantile(0.99, sum by (le) (rate(jetway_router_request_duration_seconds_bucket{release="$release"}[30s]))) * 1000',
    '# the error rate\nsum(rate(x{release=\'$release\'}[5m]))',
    'rate(x{release=`$release`}[1m] offset 5m)',
  ])('accepts %s', (query) => {
    expect(promqlSyntaxError(query)).toBeUndefined();
  });

  it.each([
    ['sum(rate(foo[1m])', 'ends too early at line 1, column 18: an unclosed bracket or quote, or a missing operand or label value'],
    ['foo{a=}', 'something is missing at line 1, column 7, before `}`'],
    ['foo{release=$release}', 'unexpected `$` at line 1, column 13'],
    ['foo bar', 'unexpected `bar` at line 1, column 5'],
    ['rate(foo[5x])', 'unexpected `x` at line 1, column 11'],
    ['1 +\n  foo{', 'ends too early at line 2, column 7: an unclosed bracket or quote, or a missing operand or label value'],
    ['foo{a="b"} + "abc', 'the string `"abc` at line 1, column 14 is never closed'],
    ['"ab\\"', 'the string `"ab\\"` at line 1, column 1 is never closed'],
    ['   ', 'is empty'],
  ])('refuses %j, saying where: %s', (query, message) => {
    expect(promqlSyntaxError(query)?.message).toBe(message);
  });

  it('gives the offset, line and column of the first problem', () => {
    expect(promqlSyntaxError('up +\n  )')).toEqual({ offset: 7, line: 2, column: 3, message: 'unexpected `)` at line 2, column 3' });
  });
});
