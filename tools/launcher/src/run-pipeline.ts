import type { RunStatusView } from '@jetway/contracts';
import { JetwayClient, loadRequestFile, watchRun } from '@jetway/cli';

const say = (text: string) => process.stdout.write(`${text}\n`);

export interface RunPipelineOptions {
  /** For a ci_cd_setup request: the project to set up instead of the file's `project_path`. */
  readonly projectPath?: string;
  /**
   * GET each URL the run reports and print the answer (default true: a deployed service answering).
   * Off for a monitoring setup, whose URLs are the stack's UIs.
   */
  readonly answerUrls?: boolean;
}

/** Publishes a pipeline, prints its progress and summary, and shows the deployed service answering. */
export async function runPipeline(natsUrl: string, root: string, file: string, options: RunPipelineOptions = {}): Promise<{ code: number; run?: RunStatusView }> {
  const client = await JetwayClient.connect(natsUrl);
  try {
    const loaded = await loadRequestFile(file);
    const request = options.projectPath && loaded.kind === 'ci_cd_setup' ? { ...loaded, project_path: options.projectPath } : loaded;
    const runId = await client.publishRequest(request);
    say(`run         ${runId}  (${file.replace(`${root}/`, '')})\n`);
    const color = Boolean(process.stdout.isTTY) && !process.env['NO_COLOR'];
    const run = await watchRun(client, runId, { out: (text) => process.stdout.write(text) }, { color });
    if (options.answerUrls ?? true) await sayAnswers(run.urls);
    return { code: run.status === 'succeeded' ? 0 : 1, run };
  } finally {
    await client.close();
  }
}

async function sayAnswers(urls: Readonly<Record<string, string>>): Promise<void> {
  for (const [environment, url] of Object.entries(urls)) {
    const answer = await fetch(url, { signal: AbortSignal.timeout(5_000) }).then(
      async (r) => `${r.status} ${(await r.text()).trim()}`,
      (error: Error) => `no answer (${error.message})`,
    );
    say(`${environment.padEnd(11)} GET ${url} → ${answer}`);
  }
}
