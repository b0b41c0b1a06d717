import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startPagerDutyReceiver, startSlackReceiver, type PagerDutyReceiver, type SlackReceiver } from '@jetway/testing';

/**
 * The monitoring example's alerting channels: a local Slack incoming webhook and a local PagerDuty
 * Events API (libs/testing's stand-ins, which check payloads the way the real services do), and
 * the secret files a monitoring setup names for them — written under `<state dir>/secrets/`.
 */
export interface LocalChannels {
  readonly slack: SlackReceiver;
  readonly pagerduty: PagerDutyReceiver;
  /** Holds the Slack stand-in's webhook URL (a channel's `api_url_file`). */
  readonly slackUrlFile: string;
  /** Holds the routing key the PagerDuty stand-in accepts (a channel's `routing_key_file`). */
  readonly routingKeyFile: string;
  /** The notifier's environment: PagerDuty events go to the stand-in. */
  readonly env: NodeJS.ProcessEnv;
  close(): Promise<void>;
}

function writeSecret(path: string, value: string): void {
  writeFileSync(path, `${value}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
}

/** Starts both stand-ins on free ports and writes their secret files (replacing an earlier launch's). */
export async function startLocalChannels(stateDir: string): Promise<LocalChannels> {
  const secrets = join(stateDir, 'secrets');
  mkdirSync(secrets, { recursive: true, mode: 0o700 });
  const routingKey = randomBytes(16).toString('hex');
  const slack = await startSlackReceiver();
  const pagerduty = await startPagerDutyReceiver({ routingKey }).catch(async (error: unknown) => {
    await slack.close();
    throw error;
  });
  const slackUrlFile = join(secrets, 'hello-slack.url');
  const routingKeyFile = join(secrets, 'hello-pagerduty.key');
  writeSecret(slackUrlFile, slack.url);
  writeSecret(routingKeyFile, routingKey);
  return {
    slack,
    pagerduty,
    slackUrlFile,
    routingKeyFile,
    env: { JETWAY_PAGERDUTY_URL: pagerduty.url },
    close: async () => {
      await Promise.all([slack.close(), pagerduty.close()]);
    },
  };
}

/** What the launcher says about them: plainly, that they are not Slack and PagerDuty. */
export function describeChannels(channels: LocalChannels): string {
  return (
    `local stand-ins, not the real services: Slack webhook ${channels.slack.url}, PagerDuty Events API ${channels.pagerduty.url}/v2/enqueue` +
    ` (secret files in ${join(channels.slackUrlFile, '..')})`
  );
}

/** What reached them so far, in words. */
export function describeDeliveries(channels: LocalChannels): string {
  const triggers = channels.pagerduty.received.filter((event) => event.event_action === 'trigger').length;
  const resolves = channels.pagerduty.received.filter((event) => event.event_action === 'resolve').length;
  return `Slack stand-in ${channels.slack.received.length} message(s), PagerDuty stand-in ${triggers} trigger(s), ${resolves} resolve(s)`;
}
