/** A CloudFormation template as the CDK writes it, and the few intrinsic functions the local runtime resolves. */
export interface CfnResourceJson {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
}
export interface CfnTemplate {
  readonly Resources: Record<string, CfnResourceJson>;
}

export const LOCAL_REGION = 'ap-southeast-1';
export const LOCAL_ACCOUNT = '000000000000';

export const localLambdaArn = (logicalId: string) => `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${logicalId}`;

/** What `Ref` and `Fn::GetAtt` stand for locally, by logical id. */
export type Resolution = (logicalId: string, attribute?: string) => string;

const PSEUDO: Record<string, string> = {
  'AWS::Partition': 'aws',
  'AWS::Region': LOCAL_REGION,
  'AWS::AccountId': LOCAL_ACCOUNT,
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::StackName': 'local',
};

/** Resolves `Ref`, `Fn::GetAtt` and `Fn::Join` (all the synthesized definitions and variables use). */
export const resolveIntrinsics = (value: unknown, resolve: Resolution): unknown => {
  if (Array.isArray(value)) return value.map((item) => resolveIntrinsics(item, resolve));
  if (value === null || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object);
  if (keys.length === 1) {
    const [key] = keys as [string];
    const argument = object[key];
    if (key === 'Ref') return PSEUDO[argument as string] ?? resolve(argument as string);
    if (key === 'Fn::GetAtt') {
      const [logicalId, attribute] = argument as [string, string];
      return resolve(logicalId, attribute);
    }
    if (key === 'Fn::Join') {
      const [separator, parts] = argument as [string, unknown[]];
      return parts.map((part) => String(resolveIntrinsics(part, resolve))).join(separator);
    }
    if (key.startsWith('Fn::')) throw new Error(`The local runtime cannot resolve ${key} yet (found in the template).`);
  }
  return Object.fromEntries(keys.map((key) => [key, resolveIntrinsics(object[key], resolve)]));
};

export const resourcesOfType = (template: CfnTemplate, type: string): [string, CfnResourceJson][] =>
  Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
