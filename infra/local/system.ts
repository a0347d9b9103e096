import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server as HttpServer } from 'node:http';
import { createServer, type Server } from 'node:net';
import * as path from 'node:path';
import type { Context } from 'aws-lambda';
import * as sesModule from 'aws-ses-v2-local';
import { setClockSource } from '#shared/clock.js';
import { ENTRY_METADATA_KEY, PROJECT_ROOT, REGISTERS_METADATA_KEY } from '../constructs/house-function.js';
import { startAwsEndpoint } from './aws-endpoint.js';
import { LocalClock } from './clock.js';
import { clockRoutes } from './clock-routes.js';
import { createTableFromTemplate, startDynamoDbLocal, stopDynamoDbLocal } from './dynamodb.js';
import { crashNow, faultRoutes, faultSwitchFromEnv, injectedError, LocalFaults, startFaultProxy } from './faults.js';
import { apiRequestListener, heldUntil, listenHttp, type LocalRoute, portOf } from './http-api.js';
import { keepOutbox } from './outbox.js';
import { LocalStepFunctions } from './step-functions.js';
import { synthesizeTemplate } from './synth.js';
import { type CfnTemplate, LOCAL_ACCOUNT, LOCAL_REGION, localLambdaArn, resolveIntrinsics, resourcesOfType } from './template.js';

export interface LocalSystemOptions {
  /** 0 (default) picks free ports, so two runs never clash. */
  readonly apiPort?: number;
  readonly sesPort?: number;
  /** Keep DynamoDB data, keys, the clock and the outbox here across restarts; in memory when absent. */
  readonly dataDir?: string;
  /**
   * Hold every request to `apiUrl` until `markReady()` (`npm start`: demo data loaded, stages
   * resumed), while setup goes through `internalApiUrl`.
   * @default false
   */
  readonly holdRequestsUntilReady?: boolean;
  /** Where the local clock starts (epoch ms); defaults to now, or to where a kept clock stopped. */
  readonly startAt?: number;
  /**
   * The fault switch (`infra/local/faults.ts`): `true` arms faults at the client boundary, `'crash'`
   * also SIGKILLs at chosen instants. Defaults to `LOCAL_FAULT_INJECTION` (`1` or `crash`); off otherwise.
   */
  readonly faultInjection?: boolean | 'crash';
}

export interface LocalSystem {
  /** The synthesized template the system runs (tests find functions' logical ids in it). */
  readonly template: CfnTemplate;
  readonly apiUrl: string;
  /** Serves at once even while `apiUrl` holds requests; the same as `apiUrl` unless `holdRequestsUntilReady`. */
  readonly internalApiUrl: string;
  /** Lets requests held on `apiUrl` through. */
  markReady(): void;
  readonly sesUrl: string;
  readonly dynamoDbEndpoint: string;
  readonly tableName: string;
  readonly linkKeySecretId: string;
  readonly clock: LocalClock;
  readonly stepFunctions: LocalStepFunctions;
  readonly secrets: Map<string, string>;
  /** The fault switch, when it is on (also at `/_local/faults`). */
  readonly faults?: LocalFaults;
  advanceDays(days: number): Promise<void>;
  invokeFunction(logicalId: string, event: unknown): Promise<unknown>;
  /** The template logical id of the function whose source module is `entry` (e.g. `functions/ses-events/handler.ts`). */
  functionIdOf(entry: string): string;
  stop(): Promise<void>;
}

// aws-ses-v2-local is CommonJS with `exports.default`; loaders disagree on how deep the default sits.
type SesServer = (config: { host: string; port: number }) => Promise<HttpServer>;
const sesExports = sesModule as unknown as { default: SesServer | { default: SesServer } };
const startSesServer: SesServer = typeof sesExports.default === 'function' ? sesExports.default : sesExports.default.default;

const freePort = async (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server: Server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

/**
 * DynamoDB Local on a port free a moment ago: the JVM binds it a second or more later, and another
 * process (any connection's local end) may take it meanwhile, so the JVM exits at once. Then it is
 * started again on another free port, twice at most.
 */
const startDynamoDbOnFreePort = async (dataPath: string | undefined) => {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startDynamoDbLocal(await freePort(), dataPath);
    } catch (error) {
      if (attempt === 3 || !/DynamoDB Local exited/.test((error as Error).message)) throw error;
    }
  }
};

const only = (template: CfnTemplate, type: string) => {
  const found = resourcesOfType(template, type);
  if (found.length !== 1) throw new Error(`Expected one ${type} in the template, found ${found.length}.`);
  return found[0]!;
};

/** Starts the whole system on one machine from the synthesized template. */
export const startLocalSystem = async (options: LocalSystemOptions = {}): Promise<LocalSystem> => {
  // Node 20 is what these machines run; Lambda runs Node 22. The SDK's reminder about it is noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const dataDir = options.dataDir ? path.resolve(options.dataDir) : undefined;
  if (dataDir) mkdirSync(path.join(dataDir, 'dynamodb'), { recursive: true });
  // DynamoDB Local's JVM takes seconds to answer: it boots while this process synthesizes the app.
  const dynamoStarting = startDynamoDbOnFreePort(dataDir && path.join(dataDir, 'dynamodb'));
  await new Promise((resolve) => setImmediate(resolve));
  let template: CfnTemplate;
  try {
    template = synthesizeTemplate();
  } catch (error) {
    await dynamoStarting.then((started) => stopDynamoDbLocal(started.process), () => undefined);
    throw error;
  }
  const [tableId, table] = only(template, 'AWS::DynamoDB::GlobalTable');
  const [secretId] = only(template, 'AWS::SecretsManager::Secret');
  const tableName = 'dan-van-coordination-local';
  const secretArn = `arn:aws:secretsmanager:${LOCAL_REGION}:${LOCAL_ACCOUNT}:secret:${secretId}`;
  const machines = resourcesOfType(template, 'AWS::StepFunctions::StateMachine');
  const machineArn = (logicalId: string) => {
    const name = String(template.Resources[logicalId]?.Properties?.StateMachineName ?? logicalId);
    return `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:${name}`;
  };
  const resolve = (logicalId: string, attribute?: string): string => {
    const resource = template.Resources[logicalId];
    if (logicalId === tableId) return attribute === 'Arn' ? `arn:aws:dynamodb:${LOCAL_REGION}:${LOCAL_ACCOUNT}:table/${tableName}` : tableName;
    if (logicalId === secretId) return secretArn;
    if (resource?.Type === 'AWS::Lambda::Function') return localLambdaArn(logicalId);
    if (resource?.Type === 'AWS::StepFunctions::StateMachine') return machineArn(logicalId);
    return `local-${logicalId}${attribute ? `-${attribute}` : ''}`;
  };

  const clockFile = dataDir && path.join(dataDir, 'clock.json');
  const keptClock = clockFile && existsSync(clockFile) ? (JSON.parse(readFileSync(clockFile, 'utf8')) as { now: number }).now : undefined;
  const clock = new LocalClock(options.startAt ?? keptClock ?? Date.now());
  setClockSource(() => clock.now());
  const saveClock = () => clockFile && writeFileSync(clockFile, JSON.stringify({ now: clock.now() }));

  // While DynamoDB Local boots, the handlers' modules load (the first requests then answer at once).
  // Powertools reads these at import; every other variable the handlers read only when they run.
  Object.assign(process.env, {
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
    POWERTOOLS_TRACE_ENABLED: 'false',
    POWERTOOLS_METRICS_DISABLED: 'true',
  });
  type Handler = (event: unknown, context: Context) => Promise<unknown>;
  const handlers = new Map<string, Promise<Handler>>();
  // The stages' registrations that bundles are built with (infra/stages.ts): in one process, each once, before any handler.
  const registrationModules = new Set(
    resourcesOfType(template, 'AWS::Lambda::Function').flatMap(([, fn]) => (fn.Metadata?.[REGISTERS_METADATA_KEY] as string[] | undefined) ?? []),
  );
  const registered = (async () => {
    for (const module of registrationModules) await import(path.join(PROJECT_ROOT, module));
  })();
  const loadHandler = (entry: string) => {
    if (!handlers.has(entry))
      handlers.set(
        entry,
        registered.then(() => import(path.join(PROJECT_ROOT, entry))).then((module: { handler: Handler }) => module.handler),
      );
    return handlers.get(entry)!;
  };
  for (const [, fn] of resourcesOfType(template, 'AWS::Lambda::Function')) {
    const entry = fn.Metadata?.[ENTRY_METADATA_KEY];
    // A module that fails to load fails its first invocation, as before; here nobody is waiting yet.
    if (typeof entry === 'string') loadHandler(entry).catch(() => undefined);
  }

  const awsPort = await freePort();
  const apiPort = options.apiPort || (await freePort());
  const sesPort = options.sesPort || (await freePort());
  const apiUrl = `http://localhost:${apiPort}`;
  const awsEndpoint = `http://127.0.0.1:${awsPort}`;
  const dynamo = await dynamoStarting;
  await createTableFromTemplate(dynamo.endpoint, tableName, table.Properties ?? {});
  const ses = await startSesServer({ host: '127.0.0.1', port: sesPort });
  // Express 5 hands a listen error to the callback aws-ses-v2-local resolves with: a taken port resolves too.
  if (!ses.listening) {
    await stopDynamoDbLocal(dynamo.process);
    throw new Error(`The local outbox (SES) could not listen on port ${sesPort}: is it taken?`);
  }
  const outbox = dataDir && keepOutbox(ses, path.join(dataDir, 'outbox.json'));
  const sesUrl = `http://localhost:${sesPort}`;
  const faultSwitch = options.faultInjection === undefined ? faultSwitchFromEnv() : { on: Boolean(options.faultInjection), mayCrash: options.faultInjection === 'crash' };
  const faults = faultSwitch.on ? new LocalFaults(faultSwitch.mayCrash) : undefined;
  const proxies = faults
    ? [await startFaultProxy(faults, 'dynamodb', dynamo.endpoint), await startFaultProxy(faults, 'ses', `http://127.0.0.1:${sesPort}`)]
    : [];

  const secretsFile = dataDir && path.join(dataDir, 'secrets.json');
  const secrets = new Map<string, string>(
    secretsFile && existsSync(secretsFile) ? Object.entries(JSON.parse(readFileSync(secretsFile, 'utf8'))) : [],
  );
  if (!secrets.has(secretArn)) {
    secrets.set(secretArn, JSON.stringify({ activeKeyId: 'k1', k1: randomBytes(32).toString('base64url') }));
  }
  const saveSecrets = () => secretsFile && writeFileSync(secretsFile, JSON.stringify(Object.fromEntries(secrets)));
  saveSecrets();

  // One process stands in for every function, so their variables must agree; local endpoints replace AWS.
  const functions = resourcesOfType(template, 'AWS::Lambda::Function');
  const environment: Record<string, string> = {};
  for (const [logicalId, fn] of functions) {
    const variables = resolveIntrinsics((fn.Properties?.Environment as { Variables?: unknown })?.Variables ?? {}, resolve) as Record<string, string>;
    for (const [name, value] of Object.entries(variables)) {
      if (name === 'PUBLIC_BASE_URL') continue;
      if (environment[name] !== undefined && environment[name] !== value) {
        throw new Error(`Functions disagree on ${name} (${logicalId}); the local runtime shares one environment.`);
      }
      environment[name] = value;
    }
  }
  Object.assign(process.env, environment, {
    PUBLIC_BASE_URL: apiUrl,
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: proxies[0]?.url ?? dynamo.endpoint,
    AWS_ENDPOINT_URL_SFN: awsEndpoint,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: awsEndpoint,
    AWS_ENDPOINT_URL_SESV2: proxies[1]?.url ?? `http://127.0.0.1:${sesPort}`,
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
    POWERTOOLS_TRACE_ENABLED: 'false',
    POWERTOOLS_METRICS_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  });

  const entries = new Map<string, string>();
  for (const [logicalId, fn] of functions) {
    const entry = fn.Metadata?.[ENTRY_METADATA_KEY];
    if (typeof entry === 'string') entries.set(localLambdaArn(logicalId), entry);
  }
  const invoke = (functionArn: string, event: unknown) =>
    clock.track(async () => {
      const entry = entries.get(functionArn);
      if (!entry) throw new Error(`No local handler for ${functionArn}`);
      const handler = await loadHandler(entry);
      const name = functionArn.split(':').pop()!;
      const fault = faults?.take('lambda', name, JSON.stringify(event));
      if (fault?.fault === 'crash_before') crashNow();
      if (fault?.fault === 'throw') throw injectedError(fault, name);
      const context = {
        functionName: name,
        functionVersion: '$LATEST',
        invokedFunctionArn: functionArn,
        memoryLimitInMB: '512',
        awsRequestId: crypto.randomUUID(),
        logGroupName: `/aws/lambda/${name}`,
        logStreamName: 'local',
        callbackWaitsForEmptyEventLoop: false,
        getRemainingTimeInMillis: () => 30_000,
        done: () => undefined,
        fail: () => undefined,
        succeed: () => undefined,
      } satisfies Context;
      const result = await handler(JSON.parse(JSON.stringify(event)), context);
      if (fault?.fault === 'crash_after') crashNow();
      return result;
    });

  const stepFunctions = new LocalStepFunctions(clock, invoke);
  for (const [logicalId, machine] of machines) {
    const definition = JSON.parse(String(resolveIntrinsics(machine.Properties?.DefinitionString, resolve)));
    stepFunctions.register(machineArn(logicalId), definition);
  }
  const awsServer = await startAwsEndpoint(awsPort, clock, stepFunctions, secrets, saveSecrets);

  const rules = resourcesOfType(template, 'AWS::Events::Rule');
  const targetsOf = (rule: (typeof rules)[number][1]) =>
    ((rule.Properties?.Targets ?? []) as { Arn: unknown }[]).map((target) => String(resolveIntrinsics(target.Arn, resolve)));
  const dailyTargets = rules.filter(([, rule]) => rule.Properties?.ScheduleExpression).flatMap(([, rule]) => targetsOf(rule));
  /**
   * EventBridge invokes its Lambda targets asynchronously: Lambda retries a failed invocation twice
   * (the functions' `retryAttempts`), then hands it to the dead-letter queue; a failed target never
   * stops the clock or the execution that stopped.
   */
  const invokeAsync = async (target: string, event: unknown, about: string) => {
    for (let attempt = 1; attempt <= 3; attempt++) {
      try {
        await invoke(target, event);
        return;
      } catch (error) {
        console.error(`[local events] ${target} failed on ${about} (attempt ${attempt} of 3${attempt === 3 ? ', to its dead-letter queue' : ''}): ${(error as Error).message}`);
      }
    }
  };
  // Rules on Step Functions' status changes hear of every execution that stops, as EventBridge's would.
  const stoppedTargets = rules
    .filter(([, rule]) => ((rule.Properties?.EventPattern as { source?: string[] } | undefined)?.source ?? []).includes('aws.states'))
    .flatMap(([, rule]) => targetsOf(rule));
  stepFunctions.whenStopped((detail) => {
    const event = { source: 'aws.states', 'detail-type': 'Step Functions Execution Status Change', time: new Date(detail.stopDate).toISOString(), detail };
    for (const target of stoppedTargets) void invokeAsync(target, event, detail.name);
  });
  const advanceDays = async (days: number) => {
    await clock.advance(days * 86_400_000, async (dayStart) => {
      for (const target of dailyTargets) await invokeAsync(target, { source: 'aws.events', 'detail-type': 'Scheduled Event', time: new Date(dayStart).toISOString() }, new Date(dayStart).toISOString());
    });
    saveClock();
  };

  const routes: LocalRoute[] = resourcesOfType(template, 'AWS::ApiGatewayV2::Route').map(([, route]) => {
    const [method, routePath] = String(route.Properties?.RouteKey).split(' ') as [string, string];
    const integrationId = String(resolveIntrinsics(route.Properties?.Target, (id) => id)).replace('integrations/', '');
    const integration = template.Resources[integrationId];
    return { method, path: routePath, functionArn: String(resolveIntrinsics(integration?.Properties?.IntegrationUri, resolve)) };
  });
  const clockRoute = clockRoutes(() => clock.now(), advanceDays);
  const faultRoute = faultRoutes(faults);
  const localOnly = async (request: Parameters<typeof clockRoute>[0]) => (await clockRoute(request)) ?? faultRoute(request);
  const listener = apiRequestListener(routes, invoke as never, localOnly, (work) => clock.track(work));
  let isReady = !options.holdRequestsUntilReady;
  let markReady = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = () => {
      isReady = true;
      resolve();
    };
  });
  const api = await listenHttp(apiPort, options.holdRequestsUntilReady ? heldUntil(ready, listener) : listener);
  const internalApi = options.holdRequestsUntilReady ? await listenHttp(0, listener) : undefined;

  return {
    template,
    apiUrl,
    internalApiUrl: internalApi ? `http://localhost:${portOf(internalApi)}` : apiUrl,
    markReady: () => markReady(),
    sesUrl,
    dynamoDbEndpoint: dynamo.endpoint,
    tableName,
    linkKeySecretId: secretArn,
    clock,
    stepFunctions,
    secrets,
    faults,
    advanceDays,
    invokeFunction: (logicalId, event) => invoke(localLambdaArn(logicalId), event),
    functionIdOf: (entry) => {
      const found = [...entries].find(([, source]) => source === entry);
      if (!found) throw new Error(`No function with source ${entry} in the template.`);
      return found[0].split(':').pop()!;
    },
    async stop() {
      saveClock();
      if (outbox) outbox.save();
      const servers = [api, awsServer, ses, ...proxies.map((proxy) => proxy.server), ...(internalApi ? [internalApi] : [])];
      const closed = Promise.all(servers.map((server) => new Promise((done) => server.close(done))));
      for (const server of servers) server.closeIdleConnections();
      // Requests still held (stopped before it was ready) would keep the server open forever.
      if (!isReady) api.closeAllConnections();
      await closed;
      await stopDynamoDbLocal(dynamo.process);
    },
  };
};
