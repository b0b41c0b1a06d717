import { parseHeyReport } from './hey.fixture';

// hey 0.1.4's summary, cut to the parts the parser reads.
const SUMMARY = `
Summary:
  Total:\t1.0007 secs
  Requests/sec:\t8529.3744

Details (average, fastest, slowest):
  resp read:\t0.0000 secs, 0.0000 secs, 0.0026 secs

Status code distribution:
  [200]\t8439 responses
  [502]\t3 responses

Error distribution:
  [2]\tGet "http://127.0.0.1:8480/hello/staging/": dial tcp 127.0.0.1:8480: connect: connection refused
  [1]\tGet "http://127.0.0.1:8480/hello/staging/": EOF
`;

describe('parseHeyReport', () => {
  it('counts responses per status code and requests that got no response', () => {
    const report = parseHeyReport(SUMMARY);
    expect(report.statuses).toEqual({ 200: 8439, 502: 3 });
    expect(report).toMatchObject({ responses: 8442, nonSuccess: 3, errorCount: 3, requests: 8445 });
    expect(Object.keys(report.errors)).toHaveLength(2);
  });

  it('reads a clean run as clean', () => {
    const clean = 'Summary:\n  Total:\t1 secs\n\nStatus code distribution:\n  [200]\t2500 responses\n\n\n';
    expect(parseHeyReport(clean)).toMatchObject({ requests: 2500, nonSuccess: 0, errorCount: 0 });
  });

  it('refuses output that is not a summary (hey failed to start)', () => {
    expect(() => parseHeyReport('flag provided but not defined: -zz')).toThrow(/not a hey summary/);
  });
});
