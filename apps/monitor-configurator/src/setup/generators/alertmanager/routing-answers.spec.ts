import { matchedLabelNames, routeBlock, RoutingAnswers } from './routing-answers';

const TREE = `route:
  receiver: default-ticket
  routes:
    - matchers:
        - tier="tier_3_standard"
      receiver: default-tier3
    - matchers:
        - severity="page"
        - '"team name"=~"pay.*"'
      receiver: default-page
      routes:
        - match: { env: prod }
          match_re: { region: "eu-.*" }
          receiver: deep
`;
const RECEIVERS = (setup: string) => `receivers:\n  - name: default-ticket\n    webhook_configs:\n      - url: http://127.0.0.1:8470/alerts/${setup}/default-ticket\n`;
const headed = (setup: string) => `# Generated for the monitoring setup "${setup}".\n#\n\n${TREE}${RECEIVERS(setup)}`;
const labels = (extra: Record<string, string>) => ({ alertname: 'JetwayRoutingTest', severity: 'page', tier: 'tier_1_critical', ...extra });

describe('RoutingAnswers', () => {
  it('reads every label name the routes match on: matchers (plain and quoted names), match and match_re, at any depth', () => {
    expect([...(matchedLabelNames(TREE) ?? [])].sort()).toEqual(['env', 'region', 'severity', 'team name', 'tier']);
  });

  it('keys a case by the route block (not the header comment or the receivers) and by the matched labels only', () => {
    const answers = new RoutingAnswers();
    const hello = answers.keyOf(headed('hello-production'), labels({ service: 'hello', setup: 'hello-production' }), ['default-page']);
    const shop = answers.keyOf(headed('shop-production'), labels({ service: 'shop', setup: 'shop-production' }), ['default-page']);
    expect(hello).toBeDefined();
    expect(shop).toBe(hello);
    expect(routeBlock(headed('x'))).toBe(TREE.trimEnd());
    // A matched label with another value, other expected receivers, or another tree: another key.
    expect(answers.keyOf(headed('hello-production'), labels({ tier: 'tier_3_standard', service: 'hello' }), ['default-page'])).not.toBe(hello);
    expect(answers.keyOf(headed('hello-production'), labels({ service: 'hello' }), ['default-ticket'])).not.toBe(hello);
    expect(answers.keyOf(TREE.replace('receiver: deep', 'receiver: deep # a comment in the tree is part of it'), labels({ service: 'hello' }), ['default-page'])).not.toBe(hello);
  });

  it('gives no key when the tree cannot be cut out on its own or a matcher cannot be read, so amtool answers the case', () => {
    const answers = new RoutingAnswers();
    const braces = TREE.replace('- tier="tier_3_standard"', '- \'{tier="tier_3_standard",service="x"}\'');
    expect(answers.keyOf(braces, labels({}), ['default-page'])).toBeUndefined();
    expect(answers.keyOf('route: [not, a, route]\n', labels({}), ['default-page'])).toBeUndefined();
    expect(answers.keyOf('route:\n  matchers: {\n', labels({}), ['default-page'])).toBeUndefined();
    expect(answers.keyOf('receivers: []\n', labels({}), ['default-page'])).toBeUndefined();
    expect(answers.keyOf(`---\n${TREE}`, labels({}), ['default-page'])).toBeUndefined();
    expect(answers.keyOf(TREE.replace('receiver: deep', 'receiver: *deep'), labels({}), ['default-page'])).toBeUndefined();
    expect(answers.keyOf('{ route: { receiver: x } }\n', labels({}), ['default-page'])).toBeUndefined();
  });

  it('keeps at most its limit of answers, dropping the oldest', () => {
    const answers = new RoutingAnswers(2);
    answers.set('a', ['x']);
    answers.set('b', ['y']);
    answers.set('c', ['z']);
    expect([answers.get('a'), answers.get('b'), answers.get('c')]).toEqual([undefined, ['y'], ['z']]);
  });
});
