/** Environment every image-built script may read: where the image goes and its tag. */
export const IMAGE_ENV = ['REGISTRY_IMAGE', 'IMAGE_TAG'] as const;

/**
 * A script run inside `image` on a machine with Docker (CircleCI's machine executor, Azure's hosted
 * agent): the script goes to a file through a quoted here-document (no expansion, no quoting
 * surprises), the checkout is mounted at /src, and only the named variables are passed in. The
 * image's own entrypoint (trivy, gitleaks, aws) is replaced by `sh`.
 */
export function dockerRunScript(image: string, script: string, env: readonly string[]): string {
  const passed = [...new Set([...IMAGE_ENV, ...env])].map((name) => `-e ${name}`).join(' ');
  return [
    "cat > .jetway-step.sh <<'JETWAY_STEP'",
    script,
    'JETWAY_STEP',
    `docker run --rm -v "$PWD:/src" -w /src ${passed} --entrypoint sh ${image} /src/.jetway-step.sh`,
  ].join('\n');
}
