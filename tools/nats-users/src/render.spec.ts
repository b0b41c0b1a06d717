import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { kindsOwnedBy } from '@jetway/contracts';
import { renderUserFiles } from './render';

const DIR = resolve(__dirname, '../../../deploy/nats/users');

describe('the NATS users of the services, derived from the step kinds', () => {
  const files = renderUserFiles();

  it('matches the committed files: run `npm run nats-users` and commit when this fails', () => {
    for (const [file, content] of files) expect({ file, content: readFileSync(join(DIR, file), 'utf8') }).toEqual({ file, content });
  });

  it('gives each worker a durable, a subscription and its phases for every step kind it owns, and nothing of the others', () => {
    const workers = files.get('workers.conf') ?? '';
    const section = (variable: string) => workers.slice(workers.indexOf(`${variable} = {`), workers.indexOf('\n}\n', workers.indexOf(`${variable} = {`)));
    const builder = section('BUILDER_PERMISSIONS');
    for (const kind of kindsOwnedBy('builder')) {
      expect(builder).toContain(`"$JS.API.CONSUMER.DURABLE.CREATE.JETWAY_EVENTS.builder--jetway_step_${kind}_triggered_v1"`);
      expect(builder).toContain(`"jetway.step.${kind}.finished.v1"`);
    }
    expect(kindsOwnedBy('builder')).toEqual(['build', 'analyze', 'generate', 'prove', 'infra-generate', 'publish']);
    expect(section('DEPLOYER_PERMISSIONS')).toContain('"$KV.jetway-infra.>"');
    expect(builder).not.toContain('jetway.step.deploy');
    expect(section('SCANNER_PERMISSIONS')).toContain('"jetway.step.validate.triggered.v1"');
  });

  it('lets the planner hear every step kind and publish only triggers, timers, approval requests and run events', () => {
    const planner = files.get('planner.conf') ?? '';
    expect(planner).toContain('"$JS.API.CONSUMER.MSG.NEXT.JETWAY_EVENTS.planner--jetway_step_publish_finished_v1"');
    expect(planner).toContain('"jetway.step.*.triggered.v1"');
    expect(planner).not.toMatch(/"jetway\.step\.[a-z]+\.finished\.v1", "jetway\.step/);
  });

  it('lets the deployer answer the infrastructure queries (jetway drift, jetway changelog) and the cli ask them', () => {
    const workers = files.get('workers.conf') ?? '';
    const start = workers.indexOf('DEPLOYER_PERMISSIONS = {');
    const deployer = workers.slice(start, workers.indexOf('\n}\n', start));
    const subscribe = deployer.slice(deployer.indexOf('subscribe'));
    for (const query of ['jetway.query.infra-drift.v1', 'jetway.query.infra-changelog.v1']) expect(subscribe).toContain(`"${query}"`);
    expect(deployer).toContain('allow_responses: true');
    expect(readFileSync(join(DIR, 'cli.conf'), 'utf8')).toContain('"jetway.query.>"');
  });
});
