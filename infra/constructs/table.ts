import { aws_dynamodb as dynamodb, type RemovalPolicy } from 'aws-cdk-lib';
import { Construct } from 'constructs';

export interface CoordinationTableProps {
  /** Deletion protection and retention in production. */
  readonly production: boolean;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * The single table: programs, their versions, steps, milestones and audit events, and the
 * directory. Index `byPerson` serves "what is waiting on this official" and "who has this
 * address"; index `byDueDate` serves the daily milestone tick without scanning.
 */
export class CoordinationTable extends Construct {
  readonly table: dynamodb.TableV2;

  constructor(scope: Construct, id: string, props: CoordinationTableProps) {
    super(scope, id);
    const text = dynamodb.AttributeType.STRING;
    this.table = new dynamodb.TableV2(this, 'Table', {
      partitionKey: { name: 'pk', type: text },
      sortKey: { name: 'sk', type: text },
      billing: dynamodb.Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: props.production,
      removalPolicy: props.removalPolicy,
      encryption: dynamodb.TableEncryptionV2.awsManagedKey(),
      globalSecondaryIndexes: [
        { indexName: 'byPerson', partitionKey: { name: 'gsi1pk', type: text }, sortKey: { name: 'gsi1sk', type: text } },
        { indexName: 'byDueDate', partitionKey: { name: 'gsi2pk', type: text }, sortKey: { name: 'gsi2sk', type: text } },
      ],
    });
  }
}
