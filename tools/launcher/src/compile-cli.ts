import { resolve } from 'node:path';
import { precompile } from './compile';

// `npm run build:js [-- <outDir>]`: the services as JavaScript (default dist/), as the image runs them.
const ROOT = resolve(__dirname, '../../..');
const outDir = resolve(ROOT, process.argv[2] ?? 'dist');
precompile(ROOT, outDir).then(
  (files) => console.log(`compiled ${files} files into ${outDir}; run a service with: node ${outDir}/apps/<service>/src/main.js`),
  (error: unknown) => {
    console.error(`build:js failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
