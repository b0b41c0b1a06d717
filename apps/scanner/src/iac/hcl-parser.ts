type Hcl2Json = typeof import('@cdktn/hcl2json');

let loaded: Promise<Hcl2Json> | undefined;

/**
 * HCL2 → JSON with `@cdktn/hcl2json`, loaded on first use: loading its Go WebAssembly runtime
 * costs ~67 MB of RSS (measured: `require` alone), which a scanner that never sees Terraform —
 * one that scans only deployments — should not carry.
 */
export async function parseHcl(file: string, content: string): Promise<unknown> {
  loaded ??= import('@cdktn/hcl2json');
  return (await loaded).parse(file, content);
}
