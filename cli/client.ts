import { Sha256 } from '@aws-crypto/sha256-js';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { SignatureV4 } from '@smithy/signature-v4';

/** An error the CLI explains in one sentence and exits non-zero on; never a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    /** Printed after the message: a table of clashes or issues. */
    readonly details: string[] = [],
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export interface ApiAnswer {
  readonly status: number;
  // The API's answers have many shapes; each command reads the fields it needs.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers
  readonly body: any;
}

export interface ClientOptions {
  /** Base URL of the API: local mode by default, or a deployed stack's `ApiUrl`. */
  readonly apiUrl: string;
  /** Sign requests with the caller's AWS credentials (automatic for any host but localhost). */
  readonly sigv4?: boolean;
  readonly region?: string;
}

const isLocal = (url: URL) => ['localhost', '127.0.0.1', '::1', '[::1]'].includes(url.hostname);

/** The region of an `execute-api` host (`<id>.execute-api.<region>.amazonaws.com`), else the environment's. */
const regionOf = (url: URL, given?: string): string => {
  const region = given ?? /\.execute-api\.([a-z0-9-]+)\.amazonaws\.com$/.exec(url.hostname)?.[1] ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  if (!region) throw new CliError(`Which AWS region is ${url.host} in? Pass --region or set AWS_REGION.`);
  return region;
};

/**
 * The staff's client of the JSON API. Against a deployed stack every `/v1/...` call needs IAM
 * authorization, so requests are signed (SigV4, service `execute-api`) with the standard AWS
 * credential chain (environment, profile, SSO, instance role), exactly as awscurl would.
 */
export class ApiClient {
  private readonly base: URL;
  private readonly signer?: SignatureV4;

  constructor(options: ClientOptions) {
    let base: URL;
    try {
      base = new URL(options.apiUrl);
    } catch {
      throw new CliError(`The API address '${options.apiUrl}' is not a URL (e.g. http://localhost:3000 or https://abc123.execute-api.ap-southeast-1.amazonaws.com).`);
    }
    this.base = base;
    if (options.sigv4 ?? !isLocal(base)) {
      this.signer = new SignatureV4({ service: 'execute-api', region: regionOf(base, options.region), credentials: defaultProvider(), sha256: Sha256 });
    }
  }

  get url(): string {
    return this.base.origin + this.base.pathname.replace(/\/+$/, '');
  }

  async request(method: string, path: string, body?: unknown): Promise<ApiAnswer> {
    const url = new URL(this.url + path);
    const text = body === undefined ? undefined : JSON.stringify(body);
    let headers: Record<string, string> = { host: url.host, accept: 'application/json', ...(text === undefined ? {} : { 'content-type': 'application/json' }) };
    if (this.signer) {
      try {
        const signed = await this.signer.sign({
          method,
          protocol: url.protocol,
          hostname: url.hostname,
          port: url.port ? Number(url.port) : undefined,
          path: url.pathname,
          query: Object.fromEntries(url.searchParams),
          headers,
          body: text,
        });
        headers = signed.headers as Record<string, string>;
      } catch (error) {
        throw new CliError(`No AWS credentials to sign the request with (${(error as Error).message}). Log in (e.g. aws sso login) or set AWS_PROFILE.`);
      }
    }
    let response: Response;
    try {
      response = await fetch(url, { method, headers, body: text });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      const hint = isLocal(url) ? ' Is the local system running (npm start)?' : '';
      throw new CliError(`Cannot reach the API at ${this.url}${cause ? ` (${cause})` : ''}.${hint}`);
    }
    const raw = await response.text();
    let parsed: unknown;
    try {
      parsed = raw ? JSON.parse(raw) : undefined;
    } catch {
      throw new CliError(`The API at ${this.url} answered ${response.status} with something that is not JSON: ${raw.slice(0, 200)}`);
    }
    return { status: response.status, body: parsed };
  }
}
