import { AsyncResource } from 'node:async_hooks';
import { StateMachine } from 'aws-local-stepfunctions';
import type { LocalClock } from './clock.js';

// aws-local-stepfunctions uses Promise.withResolvers, which Node 20 lacks (Lambda's Node 22 has it).
if (!('withResolvers' in Promise)) {
  Object.defineProperty(Promise, 'withResolvers', {
    value: <T>() => {
      let resolve!: (value: T) => void;
      let reject!: (reason?: unknown) => void;
      const promise = new Promise<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type StateDefinition = Record<string, Json> & { Type: string };
type Definition = { States: Record<string, StateDefinition>; StartAt: string; TimeoutSeconds?: number };
export type Invoke = (functionArn: string, payload: unknown) => Promise<unknown>;

/** What the benchmark's cost model counts: billed state transitions, and each Lambda task with its duration. */
export interface StepFunctionsObserver {
  transition(): void;
  lambdaInvoked(functionArn: string, durationMs: number): void;
}

export class LocalSfnError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = code;
  }
}

/**
 * A callback task's timeout. In AWS, a `States.TaskFailed` retrier never matches `States.Timeout`;
 * aws-local-stepfunctions only knows that of its own timeout error, so this one says it itself.
 */
const localTimeout = () => Object.assign(new LocalSfnError('States.Timeout', 'Task timed out'), { isRetryable: false });

const TOKEN_PLACEHOLDER = 'LOCAL-TASK-TOKEN-PLACEHOLDER';
const LOCAL_TIMEOUT_FIELD = '__localTimeoutSeconds';
/** Backstop for the library's own wall-clock timer; the local clock decides real timeouts. */
const WALL_CLOCK_BACKSTOP_SECONDS = 2_000_000;

interface Execution {
  readonly arn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  readonly input: string;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
  output?: unknown;
  error?: string;
  readonly startDate: number;
  stopDate?: number;
}

/** The `detail` of EventBridge's "Step Functions Execution Status Change" for an execution that stopped. */
export interface ExecutionStopped {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  readonly status: string;
  readonly input: string;
  readonly startDate: number;
  readonly stopDate: number;
  readonly error?: string;
  readonly cause?: string;
}

interface Callback {
  resolve: (output: unknown) => void;
  reject: (error: Error) => void;
  cancelTimer: () => void;
}

/** Walks every state, including those inside Map and Parallel states. */
const eachState = (definition: Definition, visit: (name: string, state: StateDefinition) => void): void => {
  for (const [name, state] of Object.entries(definition.States)) {
    visit(name, state);
    const processor = (state.ItemProcessor ?? state.Iterator) as unknown as Definition | undefined;
    if (processor) eachState(processor, visit);
    for (const branch of (state.Branches ?? []) as unknown as Definition[]) eachState(branch, visit);
  }
};

/**
 * Runs the synthesized state machines with aws-local-stepfunctions. Lambda tasks call the real
 * handlers; `.waitForTaskToken` tasks hand out a fresh token and wait for SendTaskSuccess/Failure,
 * racing the local clock for `States.Timeout`.
 */
export class LocalStepFunctions {
  private readonly machines = new Map<string, { definition: Definition; executionTimeoutSeconds?: number; machine: StateMachine }>();
  private readonly executions = new Map<string, Execution>();
  private readonly callbacks = new Map<string, Callback>();
  private readonly finishedTokens = new Set<string>();
  private readonly aborts = new Map<string, () => void>();
  private tokenCounter = 0;
  private stoppedListener: ((event: ExecutionStopped) => void) | undefined;
  private observer: StepFunctionsObserver | undefined;
  /**
   * Executions run in the async context of the system's start, not in that of the request that
   * started them (in process now, no longer over HTTP): as in AWS, they are not part of the caller.
   */
  private readonly executionScope = new AsyncResource('LocalStepFunctionsExecution');

  constructor(
    private readonly clock: LocalClock,
    private readonly invoke: Invoke,
  ) {}

  /** Counts transitions and Lambda tasks of executions started from now on (off unless asked for). */
  observe(observer: StepFunctionsObserver | undefined): void {
    this.observer = observer;
  }

  private async timedInvoke(functionArn: string, payload: unknown): Promise<unknown> {
    if (!this.observer) return this.invoke(functionArn, payload);
    const started = performance.now();
    try {
      return await this.invoke(functionArn, payload);
    } finally {
      this.observer?.lambdaInvoked(functionArn, performance.now() - started);
    }
  }

  register(arn: string, rawDefinition: Definition): void {
    const definition = structuredClone(rawDefinition);
    // The library times executions on the wall clock (and overflows past 24.8 days); the local clock does it instead.
    const executionTimeoutSeconds = definition.TimeoutSeconds;
    delete definition.TimeoutSeconds;
    eachState(definition, (_name, state) => {
      if (state.Type === 'Task' && typeof state.TimeoutSecondsPath === 'string') {
        // aws-local-stepfunctions evaluates the path after Parameters; AWS evaluates it before. Carry it through Parameters.
        state.Parameters = { ...(state.Parameters as Record<string, Json>), [`${LOCAL_TIMEOUT_FIELD}.$`]: state.TimeoutSecondsPath };
        delete state.TimeoutSecondsPath;
        state.TimeoutSeconds = WALL_CLOCK_BACKSTOP_SECONDS;
      }
    });
    this.machines.set(arn, {
      definition,
      executionTimeoutSeconds,
      // test/unit/template.test.ts validates every synthesized definition; validating again here
      // cost ~60 ms a machine of every local start.
      machine: new StateMachine(definition as never, { validationOptions: { noValidate: true } }),
    });
  }

  private overrides(definition: Definition) {
    const taskResourceLocalHandlers: Record<string, (input: Json) => Promise<Json>> = {};
    const retryIntervalOverrides: Record<string, number> = {};
    eachState(definition, (name, state) => {
      if (state.Retry) retryIntervalOverrides[name] = 0;
      if (state.Type !== 'Task') return;
      const resource = String(state.Resource);
      if (resource.startsWith('arn:aws:lambda:')) {
        taskResourceLocalHandlers[name] = async (input) => (await this.timedInvoke(resource, input)) as Json;
      } else if (resource === 'arn:aws:states:::lambda:invoke.waitForTaskToken') {
        taskResourceLocalHandlers[name] = (input) => this.waitForTaskToken(input as Record<string, Json>, state);
      } else {
        throw new Error(`State '${name}' uses ${resource}, which the local runtime does not emulate.`);
      }
    });
    return { taskResourceLocalHandlers, retryIntervalOverrides };
  }

  private async waitForTaskToken(input: Record<string, Json>, state: StateDefinition): Promise<Json> {
    const token = `local-token-${++this.tokenCounter}-${Math.random().toString(36).slice(2, 10)}`;
    const timeoutSeconds = Number(input[LOCAL_TIMEOUT_FIELD] ?? state.TimeoutSeconds ?? 60);
    const payload = JSON.parse(JSON.stringify(input.Payload ?? {}).replaceAll(TOKEN_PLACEHOLDER, token));
    const timer = this.clock.sleepUntil(this.clock.now() + timeoutSeconds * 1000);
    const outcome = new Promise<unknown>((resolve, reject) => {
      this.callbacks.set(token, { resolve, reject, cancelTimer: timer.cancel });
    });
    void timer.promise.then(() => this.finish(token, undefined, localTimeout()));
    try {
      await this.timedInvoke(String(input.FunctionName), payload);
    } catch (error) {
      // The task failed before waiting (Step Functions retries or catches it): its token is dead, and
      // its timer must not later reject a promise nobody awaits (an unhandled rejection ends npm start).
      this.callbacks.delete(token);
      this.finishedTokens.add(token);
      timer.cancel();
      throw error;
    }
    return (await outcome) as Json;
  }

  private finish(token: string, output: unknown, error?: Error): boolean {
    const callback = this.callbacks.get(token);
    if (!callback) return false;
    this.callbacks.delete(token);
    this.finishedTokens.add(token);
    callback.cancelTimer();
    if (error) callback.reject(error);
    else callback.resolve(output);
    return true;
  }

  sendTaskSuccess(token: string, output: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(output);
    } catch {
      throw new LocalSfnError('InvalidOutput', 'The output is not valid JSON.');
    }
    if (!this.finish(token, parsed)) this.unknownToken(token);
  }

  sendTaskFailure(token: string, error: string, cause: string): void {
    if (!this.finish(token, undefined, new LocalSfnError(error || 'TaskFailed', cause))) this.unknownToken(token);
  }

  sendTaskHeartbeat(token: string): void {
    if (!this.callbacks.has(token)) this.unknownToken(token);
  }

  private unknownToken(token: string): never {
    if (this.finishedTokens.has(token)) throw new LocalSfnError('TaskTimedOut', 'The task of this token is no longer waiting.');
    throw new LocalSfnError('InvalidToken', 'Unknown task token.');
  }

  startExecution(stateMachineArn: string, name: string, input: string): { executionArn: string; startDate: number } {
    const entry = this.machines.get(stateMachineArn);
    if (!entry) throw new LocalSfnError('StateMachineDoesNotExist', `No state machine ${stateMachineArn}`);
    const executionArn = `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
    const existing = this.executions.get(executionArn);
    if (existing) {
      if (existing.status === 'RUNNING' && existing.input === input) return { executionArn, startDate: existing.startDate };
      throw new LocalSfnError('ExecutionAlreadyExists', `Execution ${name} already exists.`);
    }
    const execution: Execution = { arn: executionArn, stateMachineArn, name, input, status: 'RUNNING', startDate: this.clock.now() };
    this.executions.set(executionArn, execution);
    const context = {
      Execution: { Id: executionArn, Name: name, Input: JSON.parse(input), StartTime: new Date(execution.startDate).toISOString() },
      StateMachine: { Id: stateMachineArn },
      Task: { Token: TOKEN_PLACEHOLDER },
    };
    const run = this.executionScope.runInAsyncScope(() =>
      entry.machine.run(JSON.parse(input), {
        overrides: this.overrides(entry.definition),
        context: context as never,
        noThrowOnAbort: true,
      }),
    );
    this.aborts.set(executionArn, () => run.abort());
    if (this.observer) void this.countTransitions(run.eventLogs);
    const deadline = entry.executionTimeoutSeconds
      ? this.clock.sleepUntil(execution.startDate + entry.executionTimeoutSeconds * 1000)
      : undefined;
    void deadline?.promise.then(() => {
      if (execution.status !== 'RUNNING') return;
      Object.assign(execution, { status: 'TIMED_OUT', error: 'States.Timeout: execution timed out', stopDate: this.clock.now() });
      run.abort();
      this.stopped(execution, 'States.Timeout', 'The execution timed out');
    });
    run.result.then(
      (output) => {
        deadline?.cancel();
        if (execution.status === 'RUNNING') Object.assign(execution, { status: 'SUCCEEDED', output, stopDate: this.clock.now() });
      },
      (error: Error) => {
        deadline?.cancel();
        if (execution.status === 'RUNNING') {
          Object.assign(execution, { status: 'FAILED', error: `${error.name}: ${error.message}`, stopDate: this.clock.now() });
          console.error(`[local step functions] execution ${name} failed: ${execution.error}`);
          // The library wraps the state's error; AWS reports the state's own error name and cause.
          const cause = error.cause instanceof Error ? error.cause : error;
          this.stopped(execution, cause.name, cause.message);
        }
      },
    );
    return { executionArn, startDate: execution.startDate };
  }

  /** Step Functions bills every state entered, and every retry of one, as a transition. */
  private async countTransitions(events: AsyncGenerator<{ type: string }>): Promise<void> {
    for await (const event of events) if (event.type === 'StateEntered' || event.type === 'StateRetried') this.observer?.transition();
  }

  /** Called when an execution fails, times out or is stopped: what EventBridge hears of in AWS. */
  whenStopped(listener: (event: ExecutionStopped) => void): void {
    this.stoppedListener = listener;
  }

  private stopped(execution: Execution, error?: string, cause?: string): void {
    const { arn: executionArn, stateMachineArn, name, status, input, startDate, stopDate } = execution;
    this.stoppedListener?.({ executionArn, stateMachineArn, name, status, input, startDate, stopDate: stopDate ?? this.clock.now(), error, cause });
  }

  /** Stops an execution as StopExecution does; what it was waiting for is simply never answered. */
  stopExecution(executionArn: string): void {
    const execution = this.describeExecution(executionArn);
    if (execution.status !== 'RUNNING') return;
    Object.assign(execution, { status: 'ABORTED', stopDate: this.clock.now() });
    this.aborts.get(executionArn)?.();
    this.stopped(execution);
  }

  describeExecution(executionArn: string): Execution {
    const execution = this.executions.get(executionArn);
    if (!execution) throw new LocalSfnError('ExecutionDoesNotExist', `No execution ${executionArn}`);
    return execution;
  }

  listExecutions(): Execution[] {
    return [...this.executions.values()];
  }
}
