import { join } from 'node:path';
import type { BuildTriggered } from '@jetway/contracts';
import type { BuildDriver, DriverBuildResult } from '../../use-cases/build-driver.port';
import { runCommandBuild } from './command.driver';
import { packSource } from './pack.driver';
import { prepareWorkspace } from './workspace.driver';

/**
 * The embedded default (`JETWAY_BUILDER_DRIVER=command`): copies or clones the source into
 * `<scratch>/workspace`, packs that source tree (before the command can change it) for the
 * scanner, runs `build.command` there under its time limit and packs `build.output`.
 */
export class CommandBuildDriver implements BuildDriver {
  async build(trigger: BuildTriggered, scratchDir: string): Promise<DriverBuildResult> {
    const workspace = join(scratchDir, 'workspace');
    await prepareWorkspace(trigger.source, workspace);
    // Outside the workspace, like the artifact, so a build whose output is '.' does not pack it.
    const source = await packSource(workspace, join(scratchDir, 'source.tar.gz'));
    const result = await runCommandBuild(trigger.build, { workspace, scratchDir });
    return result.ok && source ? { ...result, source } : result;
  }
}
