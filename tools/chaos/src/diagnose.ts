import type { JetStreamClient, JetStreamManager } from 'nats';
import { BUCKETS, STREAMS } from '@jetway/contracts';

/**
 * What a post-mortem needs when an invariant broke, read before the broker is stopped: durable
 * consumers with work outstanding, and the steps of runs that did not finish as they should.
 */
export async function diagnose(js: JetStreamClient, jsm: JetStreamManager, applications: ReadonlySet<string>): Promise<string[]> {
  const lines: string[] = [];
  for await (const c of jsm.consumers.list(STREAMS.events.name)) {
    if (!c.name.includes('--') || (!c.num_pending && !c.num_ack_pending && !c.num_redelivered)) continue;
    lines.push(`consumer ${c.name}: pending ${c.num_pending}, ack pending ${c.num_ack_pending}, redelivered ${c.num_redelivered}, waiting pulls ${c.num_waiting}, leader ${c.cluster?.leader ?? '-'}`);
  }
  const timeline = await eventsByRun(jsm);
  const runs = await js.views.kv(BUCKETS.runs.name);
  const keys: string[] = [];
  for await (const key of await runs.keys()) keys.push(key);
  for (const key of keys) {
    const entry = await runs.get(key);
    if (!entry?.value.length) continue;
    const run = entry.json<{ application: string; status: string; reason?: string; steps: { step_id: string; status: string; outcome?: string; triggered_at?: string; started_at?: string; finished_at?: string; worker?: string }[] }>();
    if (!applications.has(run.application)) continue;
    const open = run.steps.filter((s) => s.status !== 'pending' && !(s.status === 'finished' && s.outcome === 'succeeded'));
    lines.push(`run ${key} ${run.application} ${run.status}${run.reason ? ` (${run.reason})` : ''}`);
    for (const s of open) lines.push(`  ${s.step_id} ${s.status} ${s.outcome ?? ''} triggered ${s.triggered_at ?? '-'} started ${s.started_at ?? '-'} by ${s.worker ?? '-'} finished ${s.finished_at ?? '-'}`);
    lines.push(`  events: ${(timeline.get(key) ?? []).join(' ')}`);
  }
  return lines;
}

/** Every event of the stream by run id (`<subject minus jetway. and .v1>:<step>@<seq>`), read by sequence. */
async function eventsByRun(jsm: JetStreamManager): Promise<Map<string, string[]>> {
  const byRun = new Map<string, string[]>();
  const { state } = await jsm.streams.info(STREAMS.events.name);
  for (let seq = state.first_seq; seq <= state.last_seq; seq += 1) {
    const message = await jsm.streams.getMessage(STREAMS.events.name, { seq }).catch(() => undefined);
    if (!message) continue;
    const body = (() => {
      try {
        return message.json<{ run_id?: string; step_id?: string }>();
      } catch {
        return {};
      }
    })();
    if (!body.run_id) continue;
    const name = message.subject.replace(/^jetway\./, '').replace(/\.v1$/, '');
    byRun.set(body.run_id, [...(byRun.get(body.run_id) ?? []), `${name}${body.step_id ? `:${body.step_id}` : ''}@${seq}`]);
  }
  return byRun;
}
