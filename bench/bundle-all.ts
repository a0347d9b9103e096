/**
 * Child process of `npm run bench`: synthesizes with bundling (whose esbuild output goes to this
 * process's stdout, not the table's) and writes what it found as JSON to the file named first.
 */
import { writeFileSync } from 'node:fs';
import { bundleEveryFunction } from './bundles.js';

writeFileSync(process.argv[2]!, JSON.stringify(bundleEveryFunction()));
