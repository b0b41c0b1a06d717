import { AckPolicy, DeliverPolicy, headers, nanos, type JetStreamClient, type JetStreamManager, type NatsConnection } from 'nats';
import { classifyJsError } from '@jetway/messaging';
import type { DeclaredConsumer, DeclaredStream, MessagingDeclaration } from '@jetway/contracts';
import { concreteSubject, subjectCovers } from '@jetway/contracts';

/** Header that marks a probe: the value is the probe's id. */
export const PROBE_HEADER = 'Jetway-Probe';
const EPHEMERAL = '(ephemeral)';

export interface ProbeCheck {
  readonly stream: string;
  /** The durable it went through, or `(ephemeral)`. */
  readonly consumer: string;
  readonly subject: string;
  readonly delivered: boolean;
  readonly detail: string;
}

export interface VerifyReport {
  readonly ok: boolean;
  readonly checks: readonly ProbeCheck[];
  /** Probes that could not be removed, and why; empty when the streams are as before. */
  readonly leftovers: readonly string[];
}

export interface VerifyOptions {
  /** How long one probe may take to arrive; 5 s by default. */
  readonly timeoutMs?: number;
}

/**
 * Proves delivery: a probe message on each declared stream (its first subject, or a consumer's
 * filter) consumed through each declared consumer — or an ephemeral one where a stream has none,
 * or where a durable has messages waiting (a probe must never take a real message). Probes are
 * deleted from limits streams afterwards; work-queue and interest streams drop them on ack.
 */
export async function verifyMessaging(nc: NatsConnection, declared: MessagingDeclaration, options: VerifyOptions = {}): Promise<VerifyReport> {
  const jsm = await nc.jetstreamManager();
  const js = nc.jetstream();
  const timeoutMs = options.timeoutMs ?? 5_000;
  const checks: ProbeCheck[] = [];
  const leftovers: string[] = [];
  for (const stream of declared.streams) {
    const consumers = declared.consumers.filter((c) => c.stream === stream.name);
    const targets: (DeclaredConsumer | undefined)[] = consumers.length > 0 ? consumers : [undefined];
    for (const consumer of targets) {
      const probe = new Probe(jsm, js, stream, consumer, timeoutMs);
      checks.push(await probe.run());
      leftovers.push(...(await probe.cleanUp()));
    }
  }
  return { ok: checks.every((c) => c.delivered), checks, leftovers };
}

class Probe {
  private readonly id = `probe-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  private readonly subject: string;
  private ephemeral: string | undefined;
  private seq: number | undefined;

  constructor(
    private readonly jsm: JetStreamManager,
    private readonly js: JetStreamClient,
    private readonly stream: DeclaredStream,
    private readonly durable: DeclaredConsumer | undefined,
    private readonly timeoutMs: number,
  ) {
    const first = concreteSubject(stream.subjects[0] ?? '');
    const filter = durable?.filter_subject;
    this.subject = filter === undefined || subjectCovers(filter, first) ? first : concreteSubject(filter);
  }

  async run(): Promise<ProbeCheck> {
    let through = this.durable?.name ?? EPHEMERAL;
    const result = (delivered: boolean, detail: string): ProbeCheck => ({ stream: this.stream.name, consumer: through, subject: this.subject, delivered, detail });
    try {
      let consumerName = this.durable?.name;
      if (consumerName && (await this.busy(consumerName))) {
        if (this.stream.retention === 'workqueue') return result(false, `consumer ${consumerName} has messages waiting and a work queue allows no second consumer: probe it when it is drained`);
        consumerName = undefined;
        through = `${EPHEMERAL} (${this.durable?.name} has messages waiting: a probe never takes a real one)`;
      }
      // Created before publishing: an interest stream keeps a message only while someone listens.
      consumerName ??= this.ephemeral = (await this.jsm.consumers.add(this.stream.name, { ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.New, filter_subject: this.subject, inactive_threshold: nanos(60_000) })).name;
      const h = headers();
      h.set(PROBE_HEADER, this.id);
      this.seq = (await this.js.publish(this.subject, new TextEncoder().encode(this.id), { headers: h, msgID: this.id })).seq;
      return (await this.consume(consumerName))
        ? result(true, `published as #${this.seq} and delivered`)
        : result(false, `published as #${this.seq} but not delivered within ${this.timeoutMs} ms`);
    } catch (error) {
      return result(false, `probe failed: ${(error as Error).message}`);
    }
  }

  /** Deletes the ephemeral consumer and the probe message; returns what could not be removed. */
  async cleanUp(): Promise<string[]> {
    const problems: string[] = [];
    if (this.ephemeral) await this.attempt(() => this.jsm.consumers.delete(this.stream.name, this.ephemeral ?? ''), `ephemeral consumer ${this.ephemeral} on ${this.stream.name} (it expires after 60 s idle)`, problems);
    if (this.seq !== undefined) await this.attempt(() => this.jsm.streams.deleteMessage(this.stream.name, this.seq ?? 0, false), `probe #${this.seq} in ${this.stream.name}`, problems);
    return problems;
  }

  private async busy(durable: string): Promise<boolean> {
    const info = await this.jsm.consumers.info(this.stream.name, durable);
    return info.num_pending + info.num_ack_pending > 0;
  }

  private async consume(consumerName: string): Promise<boolean> {
    const consumer = await this.js.consumers.get(this.stream.name, consumerName);
    const deadline = Date.now() + this.timeoutMs;
    while (Date.now() < deadline) {
      const msg = await consumer.next({ expires: Math.max(1_000, Math.min(deadline - Date.now(), 5_000)) });
      if (!msg) continue;
      const probeId = msg.headers?.get(PROBE_HEADER);
      if (!probeId) {
        msg.nak(); // A real message arrived meanwhile: hand it straight back.
        continue;
      }
      msg.ack();
      if (probeId === this.id) return true;
    }
    return false;
  }

  private async attempt(action: () => Promise<unknown>, what: string, problems: string[]): Promise<void> {
    try {
      await action();
    } catch (error) {
      // Gone already: a work queue or interest stream removed the probe on ack.
      if (classifyJsError(error) !== 'not-found' && !/no message found|sequence \d+ not found/i.test((error as Error).message)) problems.push(`${what}: ${(error as Error).message}`);
    }
  }
}
