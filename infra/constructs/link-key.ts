import { Duration, aws_iam as iam, type RemovalPolicy, aws_secretsmanager as secretsmanager } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { HouseFunction } from './house-function.js';

export interface LinkSigningKeyProps {
  readonly removalPolicy: RemovalPolicy;
  /** @default 90 days */
  readonly rotateEvery?: Duration;
}

/**
 * The HMAC keys that sign the action links, in one secret (`{activeKeyId, k1, k2, …}`), rotated on a
 * schedule by our own function: a new key becomes active, previous ones stay while links they signed
 * can still be clicked (each link names its key id).
 */
export class LinkSigningKey extends Construct {
  readonly secret: secretsmanager.Secret;
  readonly rotation: HouseFunction;

  constructor(scope: Construct, id: string, props: LinkSigningKeyProps) {
    super(scope, id);
    this.secret = new secretsmanager.Secret(this, 'Secret', {
      description: 'HMAC keys that sign the action links in emails (JSON: activeKeyId, keys)',
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ activeKeyId: 'k1' }),
        generateStringKey: 'k1',
        passwordLength: 64,
        excludePunctuation: true,
      },
      removalPolicy: props.removalPolicy,
    });
    this.rotation = new HouseFunction(this, 'Rotate', {
      entry: 'functions/rotate-link-key/handler.ts',
      description: 'Rotates the link-signing keys (Secrets Manager rotation steps)',
      removalPolicy: props.removalPolicy,
      timeout: Duration.seconds(30),
    });
    // Granted by hand rather than through `addRotationSchedule({ rotationLambda })`, which also grants
    // secretsmanager:GetRandomPassword on "*"; the keys come from node:crypto instead.
    this.rotation.addToRolePolicy(
      new iam.PolicyStatement({
        actions: [
          'secretsmanager:DescribeSecret',
          'secretsmanager:GetSecretValue',
          'secretsmanager:PutSecretValue',
          'secretsmanager:UpdateSecretVersionStage',
        ],
        resources: [this.secret.secretArn],
      }),
    );
    this.rotation.addPermission('InvokedBySecretsManager', {
      principal: new iam.ServicePrincipal('secretsmanager.amazonaws.com'),
      sourceArn: this.secret.secretArn,
    });
    const schedule = new secretsmanager.CfnRotationSchedule(this, 'Schedule', {
      secretId: this.secret.secretArn,
      rotationLambdaArn: this.rotation.functionArn,
      rotationRules: { automaticallyAfterDays: (props.rotateEvery ?? Duration.days(90)).toDays() },
      // Rotate on the schedule only; a template update must not silently replace the key in use.
      rotateImmediatelyOnUpdate: false,
    });
    // The permission is a child of the function: Secrets Manager must be allowed to invoke before the schedule exists.
    schedule.node.addDependency(this.rotation);
  }
}
