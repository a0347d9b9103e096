import { describe, expect, it, vi } from 'vitest';
import type { Deps } from '#shared/deps.js';
import { handOffStep } from '#shared/steps/hand-off.js';
import type { StepKindDefinition } from '#shared/steps/kind/definition.js';
import type { Decision, Step } from '#shared/steps/model.js';

const step = { stepId: 'cascade-1.prepare_program-r1-ca-a', subjectType: 'program', subjectId: 'p1', stageId: 'cascade-1', status: 'open' } as Step;
const decision = { outcome: 'submitted', action: 'submit', decidedBy: 'ca-a-focal', at: '2027-01-05T02:00:00.000Z', fields: { title: 'Tên mới' } } as Decision;

const kindWith = (handedOff: boolean) => {
  const perform = vi.fn(async () => undefined);
  const kind = { name: 'prepare_program', handOff: { action: 'submit', perform, status: async () => (handedOff ? { summary: 'đã gửi' } : undefined) } } as unknown as StepKindDefinition;
  return { kind, perform };
};

describe('Function: handOffStep', () => {
  it('records nothing and does nothing again when the kind says the step is handed off already (a second press)', async () => {
    // Arrange
    const transact = vi.fn(async () => undefined);
    const deps = { db: { transact, auditEvent: vi.fn() } } as unknown as Deps;
    const { kind, perform } = kindWith(true);
    // Act
    const result = await handOffStep(deps, step, kind, decision);
    // Assess
    expect(result.status).toBe('recorded');
    expect(transact).not.toHaveBeenCalled();
    expect(perform).not.toHaveBeenCalled();
  });

  it('records the hand-off and performs it on the first press', async () => {
    const transact = vi.fn(async () => undefined);
    const deps = { db: { transact, auditEvent: vi.fn(() => ({})), tableName: 't' } } as unknown as Deps;
    const { kind, perform } = kindWith(false);
    expect((await handOffStep(deps, step, kind, decision)).status).toBe('recorded');
    expect(transact).toHaveBeenCalledTimes(1);
    expect(perform).toHaveBeenCalledTimes(1);
  });
});
