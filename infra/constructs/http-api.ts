import {
  aws_apigatewayv2 as apigw,
  aws_apigatewayv2_authorizers as authorizers,
  aws_apigatewayv2_integrations as integrations,
  type aws_lambda as lambda,
  aws_logs as logs,
  type RemovalPolicy,
  Validations,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';

export interface PublicApiProps {
  /** Route keys (`"POST /v1/programs"`) mapped to the function that answers them. */
  readonly routes: Record<string, lambda.IFunction>;
  /**
   * Route keys anyone on the internet may call: the action links, whose signed token is the credential.
   * Every other route needs AWS credentials (SigV4, `execute-api:Invoke`): the JSON API is for central staff.
   * @default - none
   */
  readonly openRoutes?: readonly string[];
  readonly removalPolicy: RemovalPolicy;
}

/**
 * What one access-log line records. Deliberately `routeKey`, never `path`: the path of an action link
 * is the official's credential and must not land in a log.
 */
const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  caller: '$context.identity.userArn',
  requestTime: '$context.requestTime',
  routeKey: '$context.routeKey',
  status: '$context.status',
  responseLength: '$context.responseLength',
  latency: '$context.responseLatency',
  integrationError: '$context.integrationErrorMessage',
});

/** The HTTP API: the JSON contract for staff and clients, and the action-link pages for officials. */
export class PublicApi extends Construct {
  readonly api: apigw.HttpApi;

  constructor(scope: Construct, id: string, props: PublicApiProps) {
    super(scope, id);
    this.api = new apigw.HttpApi(this, 'Api', {
      description: 'Coordination programs: directory, programs, action links',
      createDefaultStage: true,
    });
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: props.removalPolicy,
    });
    const stage = this.api.defaultStage!.node.defaultChild as apigw.CfnStage;
    stage.accessLogSettings = { destinationArn: accessLogs.logGroupArn, format: ACCESS_LOG_FORMAT };
    // A ceiling well above what a few hundred officials and staff need, so a flood of link guesses or a
    // runaway client is refused at the edge instead of scaling the functions and the table.
    stage.defaultRouteSettings = { throttlingRateLimit: 50, throttlingBurstLimit: 100 };

    const staffOnly = new authorizers.HttpIamAuthorizer();
    const open = new Set(props.openRoutes ?? []);
    const integrationsByFunction = new Map<lambda.IFunction, integrations.HttpLambdaIntegration>();
    for (const [routeKey, fn] of Object.entries(props.routes)) {
      const [method, path] = routeKey.split(' ') as [string, string];
      let integration = integrationsByFunction.get(fn);
      if (!integration) {
        integration = new integrations.HttpLambdaIntegration(`${fn.node.id}Integration`, fn);
        integrationsByFunction.set(fn, integration);
      }
      const [route] = this.api.addRoutes({
        path,
        methods: [method as apigw.HttpMethod],
        integration,
        authorizer: open.has(routeKey) ? undefined : staffOnly,
      });
      if (open.has(routeKey)) {
        Validations.of(route!).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason:
            'Action-link route for officials, who have no accounts by design: the HMAC-signed token in the path (bound to one person, one step, a set of actions; expiring; single-use; POST also needs a CSRF field) is the credential. GET never changes state.',
        });
      }
    }
  }
}
