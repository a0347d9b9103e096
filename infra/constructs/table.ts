import { aws_dynamodb as dynamodb, aws_iam as iam, type RemovalPolicy } from 'aws-cdk-lib';
import { Construct } from 'constructs';

export const INDEX_NAMES = ['byPerson', 'byDueDate'] as const;
export const TABLE_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:Query',
  // Milestones are written in batches (puts only; the code never deletes).
  'dynamodb:BatchWriteItem',
  // The items a task reads together go as one request (shared/batched-reads.ts).
  'dynamodb:BatchGetItem',
];

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
        { indexName: INDEX_NAMES[0], partitionKey: { name: 'gsi1pk', type: text }, sortKey: { name: 'gsi1sk', type: text } },
        { indexName: INDEX_NAMES[1], partitionKey: { name: 'gsi2pk', type: text }, sortKey: { name: 'gsi2sk', type: text } },
      ],
    });
  }

  /**
   * What the code does with the table, and no more: item reads and writes (alone or in a transaction),
   * queries on the table and the two named indexes. No Scan (nothing scans), no DeleteItem (nothing is
   * deleted: the trail is the record), no stream reads. test/unit/operations.test.ts checks the code
   * uses no other DynamoDB command.
   */
  grantItemAccess(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: TABLE_ACTIONS,
      resourceArns: [this.table.tableArn, ...INDEX_NAMES.map((name) => `${this.table.tableArn}/index/${name}`)],
    });
  }
}
