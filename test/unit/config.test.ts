import { App, RemovalPolicy } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { readStageConfig } from '../../infra/config.js';

const configOf = (stage: string, values: Record<string, unknown>) =>
  readStageConfig(new App({ context: { stage, stages: { [stage]: values } } }).node);

const complete = {
  senderAddress: 'no-reply@danvan.gov.vn',
  publicBaseUrl: 'https://xuly.danvan.gov.vn/',
  operatorEmail: 'vanhanh@danvan.gov.vn',
  removalPolicy: 'retain',
};

describe('Function: readStageConfig', () => {
  it('refuses a production stage without the required values, naming each missing one', () => {
    // Prepare
    const empty = { senderAddress: '', publicBaseUrl: '  ', removalPolicy: 'retain' };
    // Act / Assess
    expect(() => configOf('prod', empty)).toThrow(
      "Stage 'prod' is a production stage and needs stages.prod.senderAddress, stages.prod.publicBaseUrl, stages.prod.operatorEmail in cdk.json context",
    );
    expect(() => configOf('staging', { ...empty, production: true, senderAddress: 'a@b.vn' })).toThrow(
      /needs stages\.staging\.publicBaseUrl, stages\.staging\.operatorEmail/,
    );
  });

  it('refuses a plain-http link address and a destroy policy in production', () => {
    expect(() => configOf('prod', { ...complete, publicBaseUrl: 'http://xuly.danvan.gov.vn' })).toThrow(/must be an https:\/\/ address/);
    expect(() => configOf('prod', { ...complete, removalPolicy: 'destroy' })).toThrow(/cannot be 'destroy' in production/);
  });

  it('names the known stages when the chosen one is not configured', () => {
    expect(() => readStageConfig(new App({ context: { stage: 'prd', stages: { dev: {}, prod: {} } } }).node)).toThrow(
      /No configuration for stage 'prd'.*known stages: dev, prod/,
    );
  });

  it('reads a complete production stage, retaining data and trimming the base URL', () => {
    expect(configOf('prod', complete)).toEqual({
      stage: 'prod',
      production: true,
      senderAddress: 'no-reply@danvan.gov.vn',
      publicBaseUrl: 'https://xuly.danvan.gov.vn',
      operatorEmail: 'vanhanh@danvan.gov.vn',
      removalPolicy: RemovalPolicy.RETAIN,
      calendar: { extraDaysOff: [], makeUpWorkingDays: [] },
      inspectionMinIntervalDays: 180,
    });
  });

  it('reads the minimum interval between two inspections of a unit, refusing one that is not a whole number of days', () => {
    expect(configOf('prod', { ...complete, inspectionMinIntervalDays: 365 }).inspectionMinIntervalDays).toBe(365);
    expect(() => configOf('prod', { ...complete, inspectionMinIntervalDays: '6 months' })).toThrow(
      'stages.prod.inspectionMinIntervalDays must be a whole number of days from 0 to 3650; got "6 months".',
    );
  });

  it('reads the announced days off and make-up working days, naming a bad one', () => {
    // Prepare
    const calendar = { extraDaysOff: ['2027-02-04', '2027-02-10'], makeUpWorkingDays: ['2027-02-13'] };
    // Act / Assess
    expect(configOf('prod', { ...complete, calendar }).calendar).toEqual(calendar);
    expect(() => configOf('prod', { ...complete, calendar: { extraDaysOff: ['2027-02-04', '10/02/2027'] } })).toThrow(
      'Invalid working calendar: stages.prod.calendar.extraDaysOff[1]: expected a day as YYYY-MM-DD, got "10/02/2027".',
    );
    expect(() => configOf('prod', { ...complete, calendar: { extraDaysOff: [], makeUpWorkingDay: [] } })).toThrow(
      /stages\.prod\.calendar: Unrecognized key: "makeUpWorkingDay"/,
    );
  });

  it('lets a developer stage go without an operator email', () => {
    expect(configOf('dev', { senderAddress: 'a@b.vn', removalPolicy: 'destroy' })).toMatchObject({ production: false, operatorEmail: '' });
  });
});
