import { JsonLogger, redact } from './logger';

describe('JsonLogger', () => {
  it('writes one JSON object per line with service, message and bound fields', () => {
    const lines: string[] = [];
    const logger = new JsonLogger('planner', {}, 'info', (line) => lines.push(line)).child({ run_id: 'R1' });
    logger.info('step triggered', { step_id: 'build' });
    logger.debug('not shown below info');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ level: 'info', service: 'planner', msg: 'step triggered', run_id: 'R1', step_id: 'build' });
  });

  it('never logs secret values', () => {
    const lines: string[] = [];
    new JsonLogger('notifier', {}, 'info', (line) => lines.push(line)).info('posting', {
      slack: { webhook_url: 'https://hooks.example/T0/B0/xyz' },
      routing_key: 'abc123',
    });
    expect(lines[0]).not.toContain('xyz');
    expect(lines[0]).not.toContain('abc123');
    expect(redact({ a: [{ password: 'p' }] })).toEqual({ a: [{ password: '[redacted]' }] });
  });
});
