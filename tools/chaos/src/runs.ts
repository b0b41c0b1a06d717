import type { JetStreamManager, JetStreamClient } from 'nats';
import { PipelineFinished, STREAMS } from '@jetway/contracts';

const FINISHED = 'jetway.pipeline.finished.v1';

/**
 * Every `pipeline.finished` event in the stream, by application (each chaos run deploys its own
 * application). Read with an ordered consumer each time, so a broker restart in between does
 * not lose anything: the stream is the record.
 */
export async function finishedByApplication(js: JetStreamClient, jsm: JetStreamManager): Promise<Map<string, PipelineFinished[]>> {
  const found = new Map<string, PipelineFinished[]>();
  const info = await jsm.streams.info(STREAMS.events.name, { subjects_filter: FINISHED });
  const total = info.state.subjects?.[FINISHED] ?? 0;
  if (total === 0) return found;
  // A string, not an array: nats.js then sets filter_subject, which nats-server 2.9 knows.
  const consumer = await js.consumers.get(STREAMS.events.name, { filterSubjects: FINISHED });
  let read = 0;
  while (read < total) {
    const batch = await consumer.fetch({ max_messages: Math.min(total - read, 1_000), expires: 2_000 });
    let got = 0;
    for await (const message of batch) {
      const parsed = PipelineFinished.safeParse(message.json());
      if (parsed.success) found.set(parsed.data.application, [...(found.get(parsed.data.application) ?? []), parsed.data]);
      got += 1;
    }
    if (got === 0) break; // the stream moved under us (a broker restart): the next poll reads again
    read += got;
  }
  return found;
}
