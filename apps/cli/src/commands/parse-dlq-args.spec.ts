import { parseCliArgs } from './parse-cli-args';
import { usage } from './usage';
import { usageErrorOf } from './usage-error-of.testing';

describe('parseCliArgs: jetway dlq', () => {
  it('parses list with its default limit, a subject filter and --limit', () => {
    expect(parseCliArgs(['dlq', 'list'])).toEqual({ command: 'dlq', action: 'list', limit: 20 });
    expect(parseCliArgs(['dlq', 'list', '--subject', 'jetway.step.*.triggered.v1', '--limit', '5', '--nats', 'nats://h:4222'])).toEqual({
      command: 'dlq',
      action: 'list',
      subject: 'jetway.step.*.triggered.v1',
      limit: 5,
      nats: 'nats://h:4222',
    });
  });

  it('accepts a DLQ subject for --subject and drops the jetway-dlq. prefix', () => {
    expect(parseCliArgs(['dlq', 'list', '--subject', 'jetway-dlq.jetway.pipeline.>'])).toMatchObject({ subject: 'jetway.pipeline.>' });
  });

  it('parses show and replay with a sequence number, replay with --file', () => {
    expect(parseCliArgs(['dlq', 'show', '42'])).toEqual({ command: 'dlq', action: 'show', seq: 42 });
    expect(parseCliArgs(['dlq', 'replay', '7'])).toEqual({ command: 'dlq', action: 'replay', seq: 7 });
    expect(parseCliArgs(['dlq', 'replay', '7', '--file', 'fixed.json'])).toEqual({ command: 'dlq', action: 'replay', seq: 7, file: 'fixed.json' });
  });

  it('gives dlq help, with every action and option', () => {
    expect(parseCliArgs(['dlq', '--help'])).toEqual({ command: 'help', topic: 'dlq' });
    expect(parseCliArgs(['dlq', 'replay', '-h'])).toEqual({ command: 'help', topic: 'dlq' });
    const text = usage('dlq');
    for (const part of ['jetway dlq list [--subject <subject>] [--limit <n>]', 'show <seq>', 'replay <seq>', '--file <fixed.json>', 'exit 2']) {
      expect(text).toContain(part);
    }
    expect(usage()).toContain('  jetway dlq list [--subject <subject>] [--limit <n>] | dlq show <seq> | dlq replay <seq> [--file <fixed.json>]');
  });

  it.each([
    [['dlq'], 'say what to do: jetway dlq list | show <seq> | replay <seq>'],
    [['dlq', 'purge'], "unknown dlq action 'purge': jetway dlq list | show <seq> | replay <seq>"],
    [['dlq', 'show'], "'dlq show' needs the dead letter's sequence number: jetway dlq show <seq> (the SEQ column of jetway dlq list)"],
    [['dlq', 'replay', 'abc'], "'abc' is not a sequence number: give the SEQ column of jetway dlq list, e.g. jetway dlq replay 42"],
    [['dlq', 'show', '0'], "'0' is not a sequence number"],
    [['dlq', 'show', '1.5'], "'1.5' is not a sequence number"],
    [['dlq', 'show', '1', '2'], "'dlq show' takes one sequence number; remove '2'"],
    [['dlq', 'list', 'jetway.x.v1'], "'dlq list' takes no argument; to filter, write --subject jetway.x.v1"],
    [['dlq', 'list', '--limit', '0'], "--limit '0' is not usable: give a whole number from 1 to 10000"],
    [['dlq', 'list', '--limit', 'all'], "--limit 'all' is not usable"],
    [['dlq', 'list', '--subject', 'jetway..v1'], "--subject 'jetway..v1' is not a NATS subject: write e.g. --subject jetway.step.build.triggered.v1 (* and > are wildcards)"],
    [['dlq', 'list', '--subject', 'jetway.>.v1'], "--subject 'jetway.>.v1' is not a NATS subject"],
    [['dlq', 'list', '--subject', 'a b'], "--subject 'a b' is not a NATS subject"],
    [['dlq', 'show', '3', '--file', 'x.json'], "--file is not an option of 'dlq show' (jetway dlq --help)"],
    [['dlq', 'replay', '3', '--limit', '2'], "--limit is not an option of 'dlq replay' (jetway dlq --help)"],
    [['dlq', 'replay', '3', '--file', 'fixed.yaml'], "--file 'fixed.yaml' must be a .json file holding the corrected event"],
    [['dlq', 'list', '--as', 'alice'], "--as is not an option of 'dlq' (jetway dlq --help)"],
  ])('refuses %j: %s', (argv, message) => {
    const error = usageErrorOf(argv);
    expect(error.message).toContain(message);
    expect([error.topic, error.exitCode]).toEqual(['dlq', 2]);
  });
});
