import { z } from 'zod';
import { memoizedPartsEncoder } from './memoized-parts';

/** A record like a run: a big part that never changes, steps that change one at a time, and plain fields. */
function fixture() {
  const parses = { request: 0, step: 0 };
  const Request = z
    .object({ kind: z.literal('deployment'), name: z.string().min(3), replicas: z.number().int().default(1) })
    .refine(() => (parses.request += 1) > 0);
  const Step = z
    .object({ id: z.string(), status: z.enum(['pending', 'finished']), outputs: z.record(z.string(), z.unknown()).optional() })
    .refine(() => (parses.step += 1) > 0);
  const Run = z.object({
    id: z.string(),
    request: Request,
    status: z.enum(['running', 'succeeded']),
    reason: z.string().optional(),
    steps: z.array(Step),
    applied: z.array(z.string()),
  });
  const run = {
    id: 'r1',
    request: { kind: 'deployment' as const, name: 'web', replicas: 2 },
    status: 'running' as const,
    steps: [
      { id: 'build', status: 'pending' as const },
      { id: 'deploy', status: 'pending' as const },
    ],
    applied: ['e1'],
  };
  return { Run, run, parses };
}

describe('memoizedPartsEncoder', () => {
  it('writes the same bytes as JSON.stringify(schema.parse(value)): defaults filled, unknown keys dropped, optional fields left out', () => {
    const { Run, run } = fixture();
    const encode = memoizedPartsEncoder(Run, { one: ['request'], each: ['steps'] });
    const variants = [
      run,
      { ...run, reason: 'because', request: { kind: 'deployment' as const, name: 'api' } as never, extra: 1 },
      { ...run, steps: [{ id: 'build', status: 'finished' as const, outputs: { digest: 'sha256:ab', n: [1, 2] }, stray: true }] },
      { ...run, steps: [] },
    ];
    for (const value of variants) {
      expect(encode(value)).toBe(JSON.stringify(Run.parse(value)));
      expect(encode(value)).toBe(JSON.stringify(Run.parse(value)));
    }
  });

  it('parses a part again only when its content changed', () => {
    const { Run, run, parses } = fixture();
    const encode = memoizedPartsEncoder(Run, { one: ['request'], each: ['steps'] });
    encode(run);
    expect(parses).toEqual({ request: 1, step: 2 });
    // The next transition: one step changed, the rest is new objects with the same content.
    const next = { ...run, request: { ...run.request }, steps: [{ id: 'build', status: 'finished' as const }, { ...run.steps[1]! }], applied: ['e1', 'e2'] };
    expect(encode(next)).toBe(JSON.stringify(Run.parse(next)));
    expect(parses.request).toBe(1 + 1); // +1: the full parse just above
    expect(parses.step).toBe(2 + 1 + 2); // +1 for the changed step, +2 for the full parse
  });

  it('refuses an invalid part every time, naming its full path, and never keeps it', () => {
    const { Run, run } = fixture();
    const encode = memoizedPartsEncoder(Run, { one: ['request'], each: ['steps'] });
    encode(run);
    const bad = { ...run, steps: [run.steps[0]!, { id: 'deploy', status: 'lost' as never }] };
    for (let i = 0; i < 2; i += 1) {
      expect(() => encode(bad)).toThrow(z.ZodError);
      try {
        encode(bad);
      } catch (error) {
        expect((error as z.ZodError).issues.map((issue) => issue.path)).toEqual([['steps', 1, 'status']]);
      }
    }
    expect(() => encode({ ...run, request: { ...run.request, name: 'x' } })).toThrow(/request|too_small|3/);
    expect(() => encode({ ...run, status: 'gone' as never })).toThrow(z.ZodError);
    expect(() => encode({ ...run, request: undefined as never })).toThrow(z.ZodError);
    expect(() => encode({ ...run, steps: 'none' as never })).toThrow(z.ZodError);
  });

  it('keeps at most `keep` parts per field, dropping the least recently used', () => {
    const { Run, run, parses } = fixture();
    const encode = memoizedPartsEncoder(Run, { each: ['steps'] }, 2);
    const step = (id: string) => ({ id, status: 'pending' as const });
    encode({ ...run, steps: [step('a'), step('b')] });
    encode({ ...run, steps: [step('a')] }); // a used again: b is now the least recent
    encode({ ...run, steps: [step('c')] }); // b is dropped
    const before = parses.step;
    encode({ ...run, steps: [step('a'), step('c')] });
    expect(parses.step).toBe(before);
    encode({ ...run, steps: [step('b')] });
    expect(parses.step).toBe(before + 1);
  });

  it('refuses a schema with object-level checks, which parts cannot keep', () => {
    const Checked = z.object({ a: z.string(), b: z.array(z.string()) }).refine((v) => v.b.length > 0);
    expect(() => memoizedPartsEncoder(Checked as never, { each: ['b'] })).toThrow(/object-level checks/);
  });
});
