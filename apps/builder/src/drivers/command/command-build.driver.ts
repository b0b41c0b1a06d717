import { join } from 'node:path';
import type { BuildTriggered } from '@jetway/contracts';
import type { BuildDriver, DriverBuildResult } from '../../use-cases/build-driver.port';
import { runCommandBuild } from './command.driver';
import { prepareWorkspace } from './workspace.driver';

/**
 * The embedded default (`JETWAY_BUILDER_DRIVER=command`): copies or clones the source into
 * `<scratch>/workspace`, runs `build.command` there under its time limit and packs `build.output`.
 */
export class CommandBuildDriver implements BuildDriver {
  async build(trigger: BuildTriggered, scratchDir: string): Promise<DriverBuildResult> {
    const workspace = join(scratchDir, 'workspace');
    await prepareWorkspace(trigger.source, workspace);
    return runCommandBuild(trigger.build, { workspace, scratchDir });
  }
}
