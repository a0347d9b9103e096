import { parseArgs } from 'node:util';
import { ApiClient, CliError } from './client.js';
import { DIRECTORY_USAGE, directory } from './commands/directory.js';
import { INSPECTIONS_USAGE, inspections } from './commands/inspections.js';

const USAGE = `dvcp – the central staff's command line for the coordination-program system

Usage: dvcp [--api URL] [--sigv4] [--region R] <group> <command> [...]

${INSPECTIONS_USAGE}

${DIRECTORY_USAGE}

Options:
  --api URL     the API (default: $DVCP_API_URL, else local mode at http://localhost:3000)
  --sigv4       sign requests with your AWS credentials (automatic for any host but localhost)
  --region R    the deployed API's region (default: from its URL, else $AWS_REGION)`;

const groups: Record<string, (api: ApiClient, args: string[]) => Promise<void>> = { inspections, directory };

/** Runs one command; answers the exit code. Errors are one clear message on stderr, never a stack trace. */
export const main = async (argv: readonly string[]): Promise<number> => {
  try {
    // Global options come before the group; everything from the group on belongs to the command.
    const options = { api: { type: 'string' }, sigv4: { type: 'boolean' }, region: { type: 'string' }, help: { type: 'boolean', short: 'h' } } as const;
    const { tokens } = parseArgs({ args: [...argv], options, allowPositionals: true, strict: false, tokens: true });
    const groupAt = tokens.find((token) => token.kind === 'positional')?.index ?? argv.length;
    const { values } = parseArgs({ args: argv.slice(0, groupAt), options, strict: true });
    const [group, ...args] = argv.slice(groupAt);
    if (values.help || !group) {
      process.stdout.write(`${USAGE}\n`);
      return values.help ? 0 : 2;
    }
    const run = groups[group];
    if (!run) throw new CliError(`Unknown command group '${group}'.\n\n${USAGE}`);
    const api = new ApiClient({
      apiUrl: typeof values.api === 'string' ? values.api : process.env.DVCP_API_URL || 'http://localhost:3000',
      sigv4: values.sigv4 === true ? true : undefined,
      region: typeof values.region === 'string' ? values.region : undefined,
    });
    await run(api, args);
    return 0;
  } catch (error) {
    const message = error instanceof CliError ? [error.message, ...(error.details.length > 0 ? ['', ...error.details] : [])].join('\n') : `dvcp: ${(error as Error).message}`;
    process.stderr.write(`${message}\n`);
    return 1;
  }
};

process.exitCode = await main(process.argv.slice(2));
