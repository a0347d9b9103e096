import { aws_apigatewayv2 as apigw, aws_apigatewayv2_integrations as integrations, type aws_lambda as lambda } from 'aws-cdk-lib';
import { Construct } from 'constructs';

export interface PublicApiProps {
  /** Route keys (`"POST /v1/programs"`) mapped to the function that answers them. */
  readonly routes: Record<string, lambda.IFunction>;
}

/** The HTTP API: the JSON contract for staff and clients, and the action-link pages for officials. */
export class PublicApi extends Construct {
  readonly api: apigw.HttpApi;

  constructor(scope: Construct, id: string, props: PublicApiProps) {
    super(scope, id);
    this.api = new apigw.HttpApi(this, 'Api', {
      description: 'Coordination programs: directory, programs, action links',
      createDefaultStage: true,
    });
    const integrationsByFunction = new Map<lambda.IFunction, integrations.HttpLambdaIntegration>();
    for (const [routeKey, fn] of Object.entries(props.routes)) {
      const [method, path] = routeKey.split(' ') as [string, string];
      let integration = integrationsByFunction.get(fn);
      if (!integration) {
        integration = new integrations.HttpLambdaIntegration(`${fn.node.id}Integration`, fn);
        integrationsByFunction.set(fn, integration);
      }
      this.api.addRoutes({ path, methods: [method as apigw.HttpMethod], integration });
    }
  }
}
