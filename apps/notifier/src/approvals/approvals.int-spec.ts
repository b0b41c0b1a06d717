import type { ApprovalRequested } from '@jetway/contracts';
import { EventPublisher, type ServiceHandle } from '@jetway/messaging';
import { startNats, startSlackReceiver, waitFor, type NatsFixture, type SlackReceiver } from '@jetway/testing';
import { loadNotifierConfig, startNotifier } from '../index';

const SUBJECT = 'jetway.approval.requested.v1';
const RUN = '01J9Z8X7W6V5T4S3R2Q1P0N9M8';
const HASH = 'd'.repeat(64);

// The planner's side, as it publishes an infrastructure review (message id from run, step and
// attempt); what reaches the Slack stand-in, which checks payloads as Slack does, is counted.
describe('notifier approval requests on a real nats-server (int)', () => {
  let nats: NatsFixture;
  let slack: SlackReceiver;
  let handle: ServiceHandle;
  let publisher: EventPublisher;

  const request: ApprovalRequested = {
    run_id: RUN, step_id: 'review-production', application: 'ledger', environment: 'production', digest: `sha256:${'e'.repeat(64)}`,
    approvers: ['alice', 'bob'], required_approvals: 2,
    plan: {
      hash: HASH, environment: 'production', add: 1, change: 1, destroy: 1, import: 0,
      changes: [
        { address: 'aws_s3_bucket.audit', action: 'create' },
        { address: 'jetstream.stream.LEDGER', action: 'update' },
        { address: 'aws_db_instance.ledger', action: 'delete' },
      ],
      protected_destroys: ['aws_db_instance.ledger'],
      configuration: [],
    },
  };
  const publish = (id?: string) => publisher.publish(SUBJECT, request, { runId: RUN, stepId: request.step_id, attempt: 1, ...(id && { id }) });
  async function acks(): Promise<number> {
    const { values } = await handle.metrics.messages.get();
    return values.filter((v) => v.labels.subject === SUBJECT && v.labels.outcome === 'ack').reduce((sum, v) => sum + v.value, 0);
  }
  /** Once acked, the post was made (or skipped as a copy): the counts below are final. */
  const acked = (count: number) => waitFor(async () => (await acks()) >= count, { message: `${count} ack(s) of ${SUBJECT}` });

  beforeAll(async () => {
    nats = await startNats();
    slack = await startSlackReceiver();
    handle = await startNotifier({ ...loadNotifierConfig({}), JETWAY_NATS_URL: nats.url, JETWAY_LOG_LEVEL: 'error', JETWAY_SLACK_WEBHOOK_URL: slack.url });
    publisher = new EventPublisher(handle.mesh.js, 'planner');
  });
  afterAll(async () => {
    await handle?.stop();
    await nats?.stop();
    await slack?.close();
  });

  it('turns an approval request with a plan into one Slack message naming each address and the approve command with --plan', async () => {
    await publish();
    await acked(1);
    expect(slack.rejected).toEqual([]);
    expect(slack.received).toHaveLength(1);
    const message = slack.received[0];
    expect(message?.text).toBe(
      `📋 Plan review: ledger → production: 1 to add, 1 to change, 1 to destroy (1 protected destroy); waits for 2 approvals by different approvers among alice and bob: jetway approve ${RUN} --as &lt;name&gt; --plan ${HASH}`,
    );
    const blocks = JSON.stringify(message?.blocks);
    for (const line of ['  + aws_s3_bucket.audit      create', '  ~ jetstream.stream.LEDGER  update', '  - aws_db_instance.ledger   delete']) expect(blocks).toContain(line);
    expect(blocks).toContain('*Protected destroys* (1)');
    expect(blocks).toContain(`jetway approve ${RUN} --as &lt;name&gt; --plan ${HASH}`);
  });

  it('posts nothing more for the same request published again, with the same id or under another', async () => {
    expect((await publish()).duplicate).toBe(true); // the same id: JetStream drops it
    await publish(`republished-${Date.now()}`); // another id: the notifier's claim drops it
    await acked(2);
    expect(slack.received).toHaveLength(1);
  });
});
