import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, it } from 'vitest';
import { synthesizeTemplate } from '../../infra/local/synth.js';

const prodStage = {
  stage: 'prod',
  stages: {
    prod: {
      senderAddress: 'no-reply@danvan.gov.vn',
      publicBaseUrl: 'https://congviec.danvan.gov.vn',
      operatorEmail: 'vanhanh@danvan.gov.vn',
      removalPolicy: 'retain',
    },
  },
};

describe('Synthesis', () => {
  it('protects the table from deletion and keeps it on stack deletion in production', () => {
    const template = Template.fromJSON(synthesizeTemplate(prodStage) as never);
    template.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      Properties: { Replicas: [Match.objectLike({ DeletionProtectionEnabled: true })] },
    });
  });
});
