import { rmSync } from 'node:fs';
import { expect } from 'vitest';
import { javaProcessesFor, type NpmStart, npmStart, portOutsideEphemeralRange, threePartyDirectory, until } from '../local/helpers.js';
import { Client } from './accounting.js';

/**
 * `npm start` with crash faults allowed (`LOCAL_FAULT_INJECTION=crash`) on one data directory and
 * fixed ports, started again after each SIGKILL: what the SIGKILL suites share.
 */
export class CrashableSystem {
  private readonly runs: NpmStart[] = [];

  constructor(
    readonly dataDir: string,
    private readonly apiPort: number,
    private readonly sesPort: number,
  ) {}

  /**
   * A crashable system on two ports below the ephemeral range (a restart must find them free), up,
   * with the three-party directory loaded, and a client of it.
   */
  static async startWithDirectory(dataDir: string): Promise<{ system: CrashableSystem; client: Client }> {
    const [apiPort, sesPort] = [await portOutsideEphemeralRange(), await portOutsideEphemeralRange()];
    const client = new Client(`http://localhost:${apiPort}`, `http://localhost:${sesPort}`);
    const system = new CrashableSystem(dataDir, apiPort, sesPort);
    await system.start();
    for (const organization of threePartyDirectory.organizations) await client.expect(201, 'POST', '/v1/organizations', organization);
    for (const official of threePartyDirectory.officials) await client.expect(201, 'POST', '/v1/officials', official);
    return { system, client };
  }

  /** The run now up (or the one last killed). */
  get current(): NpmStart | undefined {
    return this.runs.at(-1);
  }

  running(): boolean {
    const run = this.current;
    return run !== undefined && run.child.exitCode === null && run.child.signalCode === null;
  }

  /** Starts `npm start` and waits for "up"; one that ends while starting is reported at once with its output. */
  async start(): Promise<void> {
    const previous = process.env.LOCAL_FAULT_INJECTION;
    process.env.LOCAL_FAULT_INJECTION = 'crash';
    const run = npmStart(this.dataDir, this.apiPort, this.sesPort);
    process.env.LOCAL_FAULT_INJECTION = previous;
    this.runs.push(run);
    // `until` retries a probe that throws, so an npm start that ended is answered, not thrown.
    const outcome = await until(
      '"up"',
      async () => {
        if (run.child.exitCode !== null || run.child.signalCode !== null) return 'ended' as const;
        return run.output().includes('local system is up') ? ('up' as const) : undefined;
      },
      // Under the test's own timeout, so a start that hangs reports what npm start printed.
      90_000,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${run.output().slice(-3000)}`);
    });
    if (outcome === 'ended') throw new Error(`npm start ended while starting:\n${run.output().slice(-3000)}`);
    // The DynamoDB Local of the killed run was ended, not left holding the data.
    expect(javaProcessesFor(this.dataDir)).toHaveLength(1);
  }

  /** Ends every run (SIGTERM, then SIGKILL after 15 s), any DynamoDB Local left, and the data. */
  async stop(): Promise<void> {
    for (const run of this.runs) {
      if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGTERM');
      const timer = setTimeout(() => run.child.kill('SIGKILL'), 15_000);
      await run.exited;
      clearTimeout(timer);
    }
    for (const pid of javaProcessesFor(this.dataDir)) process.kill(pid, 'SIGKILL');
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
