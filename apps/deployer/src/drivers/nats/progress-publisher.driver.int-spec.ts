import { context, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import type { RolloutProgressed } from '@jetway/contracts';
import { ensureTopology, EventPublisher, Mesh } from '@jetway/messaging';
import { startTelemetry, tracerFor } from '@jetway/telemetry';
import { startNats, waitFor, type NatsFixture } from '@jetway/testing';
import { ProgressPublisher } from './progress-publisher.driver';

const spans = new InMemorySpanExporter();
const telemetry = startTelemetry({ serviceName: 'progress-publisher-spec', spanProcessors: [new SimpleSpanProcessor({ exporter: spans })] });

const RUN = '01KB0000000000000000000000';
const failing: RolloutProgressed = {
  run_id: RUN,
  step_id: 'deploy-staging',
  attempt: 1,
  application: 'hello',
  environment: 'staging',
  strategy: 'canary',
  sequence: 4,
  phase: 'aborted',
  weight: 0,
  stage: 0,
  message: 'canary step 1 of 3 (10 %): analysis failed: error rate 29.8 % (threshold 5.0 %) over 212 requests',
  analysis: {
    provider: 'router',
    verdict: 'fail',
    requests: 212,
    measurements: [
      { metric: 'error_rate', value: 0.298, threshold: 0.05, passed: false },
      { metric: 'latency_p99_ms', value: 7.5, threshold: 300, passed: true },
    ],
    message: 'error_rate over its threshold',
  },
};

describe('ProgressPublisher (int: a real nats-server)', () => {
  let nats: NatsFixture;
  let mesh: Mesh;

  beforeAll(async () => {
    nats = await startNats();
    mesh = await Mesh.connect({ servers: nats.url, name: 'progress-publisher-spec' });
    await ensureTopology(mesh.jsm, mesh.js);
  });
  afterAll(async () => {
    await mesh.drain();
    await nats.stop();
    await telemetry.shutdown();
  });

  it("publishes each move once and puts it in the run's trace with the analysis's verdict and measurements", async () => {
    const received: { body: RolloutProgressed; traceparent: string }[] = [];
    const sub = mesh.nc.subscribe('jetway.rollout.progressed.v1', { callback: (_e, msg) => received.push({ body: msg.json(), traceparent: msg.headers?.get('traceparent') ?? '' }) });
    const progress = new ProgressPublisher(new EventPublisher(mesh.js, 'deployer'));
    const step = tracerFor('deployer').startSpan('deploy step');
    await context.with(trace.setSpan(context.active(), step), async () => {
      await progress.publish(failing);
      await progress.publish(failing); // a resumed rollout repeating the move: the same event id
    });
    step.end();
    await waitFor(() => received.length === 2, { message: 'both sends arrived' });
    // A plain subscriber sees both sends; the stream keeps the move once.
    expect((await mesh.jsm.streams.info('JETWAY_EVENTS')).state.messages).toBe(1);

    const move = spans.getFinishedSpans().find((s) => s.name === 'rollout aborted');
    expect(move?.spanContext().traceId).toBe(step.spanContext().traceId);
    expect(move?.parentSpanContext?.spanId).toBe(step.spanContext().spanId);
    expect(move?.status.code).toBe(2); // ERROR: the analysis failed
    expect(move?.attributes).toMatchObject({
      'jetway.rollout.phase': 'aborted',
      'jetway.rollout.weight': 0,
      'jetway.analysis.verdict': 'fail',
      'jetway.analysis.requests': 212,
      'jetway.analysis.error_rate.value': 0.298,
      'jetway.analysis.error_rate.threshold': 0.05,
      'jetway.analysis.error_rate.passed': false,
      'jetway.analysis.latency_p99_ms.passed': true,
    });
    // The event's send is a child of the move, so a consumer's work joins the same trace under it.
    const send = spans.getFinishedSpans().find((s) => s.name === 'jetway.rollout.progressed.v1 send');
    expect(send?.parentSpanContext?.spanId).toBe(move?.spanContext().spanId);
    expect(received[0]?.traceparent).toContain(step.spanContext().traceId);
    expect(received[0]?.body).toEqual(failing);
    sub.unsubscribe();
  });
});
