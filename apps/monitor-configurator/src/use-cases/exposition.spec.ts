import { parseExposition } from './exposition';

// What examples/hello-service serves after a few requests.
const HELLO = `# HELP http_requests_total HTTP requests served, by status code and path.
# TYPE http_requests_total counter
http_requests_total{code="200",path="/health"} 4
http_requests_total{code="404",path="other"} 1
# HELP http_request_duration_seconds Time to serve an HTTP request.
# TYPE http_request_duration_seconds histogram
http_request_duration_seconds_bucket{le="0.005"} 5
http_request_duration_seconds_bucket{le="+Inf"} 5
http_request_duration_seconds_sum 0.0021
http_request_duration_seconds_count 5
`;

describe('parseExposition', () => {
  it('reads families with their type, labels and histogram buckets', () => {
    const parsed = parseExposition(HELLO);
    expect(parsed).toEqual({
      ok: true,
      families: [
        {
          name: 'http_requests_total',
          type: 'counter',
          samples: [{ labels: { code: '200', path: '/health' } }, { labels: { code: '404', path: 'other' } }],
        },
        { name: 'http_request_duration_seconds', type: 'histogram', samples: [{ labels: {}, buckets: ['0.005', '+Inf'] }] },
      ],
    });
  });

  it('accepts special values, timestamps, escaped label values and an empty exposition', () => {
    const text = 'up 1 1395066363000\nweird{problem="a \\"quoted\\"\\nthing"} +Inf\nnan_here NaN\n';
    expect(parseExposition(text)).toMatchObject({ ok: true, families: [{ name: 'up' }, { name: 'weird' }, { name: 'nan_here' }] });
    expect(parseExposition('')).toEqual({ ok: true, families: [] });
  });

  it('finds no family in a JSON body (the parser skips a line with no name; the contract then finds nothing)', () => {
    expect(parseExposition('{"app":"chaos-healthy-0000","healthy":true}\n')).toEqual({ ok: true, families: [] });
  });

  it.each([
    ['an HTML page', '<html><body>Not Found</body></html>\n', /is not a metric name/],
    ['a sample without a value', 'http_requests_total{code="200"}\n', /value is not a number/],
    ['a sample whose value is a word', 'up yes\n', /value is not a number/],
    ['an unterminated label set', 'up{code="200" x} 1\n', /invalid line/i],
    ['a TYPE line without a type', '# TYPE up\nup 1\n', /invalid line/i],
  ])('refuses %s, saying what is wrong', (_what, text, error) => {
    const parsed = parseExposition(text);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.error).toMatch(error);
  });
});
