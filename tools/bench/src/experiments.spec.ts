import { join } from 'node:path';
import { compiledSource } from '@jetway/launcher';
import { EXPERIMENTS, patchSource } from './experiments';

describe('patchSource', () => {
  it('applies an experiment to the compiled code it names', () => {
    const compiled = 'const nc = await connect({\n  reconnectTimeWait: 250,\n  waitOnFirstConnect: true\n});';
    const experiment = EXPERIMENTS['no-async-traces'];
    if (!experiment) throw new Error('missing experiment');
    expect(patchSource(compiled, 'no-async-traces', experiment)).toContain('waitOnFirstConnect: true, noAsyncTraces: true');
  });

  it('fails loudly when the code changed, rather than measure nothing', () => {
    const experiment = EXPERIMENTS['parallel-emits'];
    if (!experiment) throw new Error('missing experiment');
    expect(() => patchSource('for (const e of list) await send(e);', 'parallel-emits', experiment)).toThrow(
      /experiment parallel-emits: apps\/planner\/src\/use-cases\/run-coordinator\.use-case\.js no longer contains/,
    );
  });

  it("takes the monitor step's checks out of the compiled use case it names", () => {
    const experiment = EXPERIMENTS['monitor-unchecked'];
    if (!experiment) throw new Error('missing experiment');
    const compiled = 'const check = (checkIn)=>deps.passed.check(digest, ()=>deps.testedRules.once(ruleBehaviour(release), digest, checkIn));';
    expect(patchSource(compiled, 'monitor-unchecked', experiment)).toBe('const check = (checkIn)=>deps.passed.check(digest, ()=>Promise.resolve({ refused: undefined }));');
  });

  it.each(Object.entries(EXPERIMENTS))('%s still matches the file it patches, as precompile compiles it today', async (name, experiment) => {
    const root = join(__dirname, '../../..');
    const compiled = await compiledSource(root, join(root, experiment.file.replace(/\.js$/, '.ts')));
    expect(patchSource(compiled, name, experiment)).not.toBe(compiled);
  });
});
