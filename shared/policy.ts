import * as z from 'zod/mini';

const days = (max: number, fallback: number) => z._default(z.int().check(z.gte(1), z.lte(max)), fallback);

/**
 * When steps fall due and how the escalation ladder climbs, in Vietnamese working days. A program
 * holds its defaults; a stage may override any of them. Unknown step kinds take the kind's own due time.
 */
export const reminderPolicySchema = z.strictObject({
  /** Working days a step of each kind is given, e.g. `{ "sign": 5 }`; kinds not named use their own default. */
  dueInDays: z._default(z.record(z.string().check(z.regex(/^[a-z_]{1,40}$/)), z.int().check(z.gte(1), z.lte(90))), {}),
  /** The first reminder, this many working days before the due date (0: none before it). */
  remindDaysBeforeDue: z._default(z.int().check(z.gte(0), z.lte(30)), 2),
  /** Between reminders while the person is still the one asked. */
  repeatEveryDays: days(30, 2),
  /** Unanswered reminders before the deputy is asked to act (the first rung). */
  escalateAfterReminders: days(20, 3),
  /** Working days after the first rung before the second level is told (superior, upper-level commission). */
  secondLevelAfterDays: days(60, 5),
  /** Between reminders once escalated: slower, weekly by default. */
  slowRepeatEveryDays: days(30, 5),
  /** No one gets more emails than this about one step; after it only the weekly digest mentions the step. */
  maxEmailsPerPerson: z._default(z.int().check(z.gte(2), z.lte(50)), 8),
  /** The hour (Asia/Ho_Chi_Minh) reminders go out, on working days. */
  workingHour: z._default(z.int().check(z.gte(6), z.lte(17)), 8),
});
export type ReminderPolicy = z.infer<typeof reminderPolicySchema>;
export const defaultReminderPolicy: ReminderPolicy = reminderPolicySchema.parse({});

/** A stage's overrides, laid over the program's policy. */
export const policyOverrideSchema = z.partial(reminderPolicySchema);
export type PolicyOverride = z.infer<typeof policyOverrideSchema>;

/** Reads a stored policy, filling what older records lack with today's defaults. */
export const readPolicy = (stored: unknown, override?: PolicyOverride): ReminderPolicy => {
  const base = reminderPolicySchema.safeParse(stored ?? {});
  const policy = base.success ? base.data : defaultReminderPolicy;
  if (!override) return policy;
  return { ...policy, ...override, dueInDays: { ...policy.dueInDays, ...override.dueInDays } };
};
