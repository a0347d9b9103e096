import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { TestProject } from 'vitest/node';
import { reliabilityTable } from './reliability.js';

/**
 * Gives the fault and property suites a fresh place for their tallies, and prints the reliability
 * table once every file has run (nothing when none of them ran).
 */
export default function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(tmpdir(), 'dvcp-reliability-'));
  project.provide('reliabilityDir', dir);
  return () => {
    const table = reliabilityTable(dir);
    if (table) console.log(`\nReliability: faults injected, restarts and generated inputs, and what came of them\n\n${table}\n`);
    rmSync(dir, { recursive: true, force: true });
  };
}
