/** Errors the domain raises on purpose; the HTTP layer turns them into the contract's error shape. */
export interface IssueDetail {
  readonly path: string;
  readonly message: string;
}

export class DomainError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly issues: readonly IssueDetail[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export class ValidationError extends DomainError {
  constructor(message: string, issues: readonly IssueDetail[] = []) {
    super(400, 'validation_failed', message, issues);
    this.name = 'ValidationError';
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, id: string) {
    super(404, 'not_found', `${what} '${id}' does not exist.`);
    this.name = 'NotFoundError';
  }
}

export class ConflictError extends DomainError {
  constructor(message: string, issues: readonly IssueDetail[] = []) {
    super(409, 'conflict', message, issues);
    this.name = 'ConflictError';
  }
}

export const assertIsError = (value: unknown): Error =>
  value instanceof Error ? value : new Error(typeof value === 'string' ? value : JSON.stringify(value));
