import { parse } from 'yaml';
import { DEFAULT_MONITORING_OPTIONS } from './monitoring.types';
import { jobsFromTargetFiles, prometheusConfig } from './prometheus-config.generator';

interface Config {
  global: Record<string, string>;
  rule_files: string[];
  scrape_configs: Array<{ job_name: string; file_sd_configs: Array<{ files: string[] }> }>;
}

describe('prometheusConfig', () => {
  it('has global intervals, the rules glob and one file_sd job per (app, env), sorted', () => {
    const config = parse(
      prometheusConfig(
        [
          { application: 'web', environment: 'staging' },
          { application: 'hello', environment: 'production' },
        ],
        { ...DEFAULT_MONITORING_OPTIONS, scrapeInterval: '10s', evaluationInterval: '20s' },
      ),
    ) as Config;
    expect(config.global).toEqual({ scrape_interval: '10s', evaluation_interval: '20s' });
    expect(config.rule_files).toEqual(['rules/*.yml']);
    expect(config.scrape_configs.map((j) => [j.job_name, j.file_sd_configs[0]?.files])).toEqual([
      ['hello-production', ['targets/hello-production.json']],
      ['web-staging', ['targets/web-staging.json']],
    ]);
  });

  it('has an empty job list before any release', () => {
    expect((parse(prometheusConfig([], DEFAULT_MONITORING_OPTIONS)) as Config).scrape_configs).toEqual([]);
  });
});

describe('jobsFromTargetFiles', () => {
  it('splits on the environment suffix, so app names may contain dashes, and ignores other files', () => {
    expect(jobsFromTargetFiles(['my-app-staging.json', 'x-production.json', 'notes.txt', 'y-qa.json'])).toEqual([
      { application: 'my-app', environment: 'staging' },
      { application: 'x', environment: 'production' },
    ]);
  });
});
