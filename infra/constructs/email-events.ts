import {
  ArnFormat,
  aws_iam as iam,
  type aws_kms as kms,
  type RemovalPolicy,
  aws_ses as ses,
  aws_sns as sns,
  aws_sns_subscriptions as subscriptions,
  Stack,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { DeadLetterQueue } from './dead-letter-queue.js';
import { HouseFunction } from './house-function.js';

export interface EmailEventsProps {
  /** The SES configuration set every email is sent with; the sending functions get it as `SES_CONFIGURATION_SET`. */
  readonly configurationSetName: string;
  /** The verified SES identity emails come from (an address; its domain may be the verified identity). */
  readonly senderAddress: string;
  /** Encrypts the topic (bounce notices name addresses); SES is allowed to use it. */
  readonly key: kms.IKey;
  /** Variables of the handler, the same the other functions get. */
  readonly environment: Record<string, string>;
  readonly removalPolicy: RemovalPolicy;
  /** The stages' registrations its bundle is built with (it emails about steps of every stage). */
  readonly registers?: readonly string[];
}

/**
 * SES's side of the emails: a configuration set that publishes bounces, complaints, deliveries,
 * rejects and rendering failures to a topic, and the function that turns a bounce or complaint
 * into "address undeliverable, the deputy acts". Failed deliveries to it land in a dead-letter queue.
 */
export class EmailEvents extends Construct {
  readonly configurationSet: ses.ConfigurationSet;
  readonly topic: sns.Topic;
  readonly handler: HouseFunction;
  readonly deadLetters: DeadLetterQueue;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: EmailEventsProps,
  ) {
    super(scope, id);
    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: props.configurationSetName,
      reputationMetrics: true,
    });
    this.topic = new sns.Topic(this, 'Topic', { displayName: 'SES events of the coordination emails', masterKey: props.key, enforceSSL: true });
    props.key.grant(new iam.ServicePrincipal('ses.amazonaws.com'), 'kms:GenerateDataKey*', 'kms:Decrypt');
    this.configurationSet.addEventDestination('ToTopic', {
      destination: ses.EventDestination.snsTopic(this.topic),
      events: [
        ses.EmailSendingEvent.BOUNCE,
        ses.EmailSendingEvent.COMPLAINT,
        ses.EmailSendingEvent.DELIVERY,
        ses.EmailSendingEvent.REJECT,
        ses.EmailSendingEvent.RENDERING_FAILURE,
      ],
    });

    this.deadLetters = new DeadLetterQueue(this, 'DeadLetters', {
      purpose: 'SES bounce and complaint notices the handler could not process',
      removalPolicy: props.removalPolicy,
    });
    this.handler = new HouseFunction(this, 'Handler', {
      entry: 'functions/ses-events/handler.ts',
      description: 'Bounces and complaints: marks the address undeliverable, routes open steps to the deputy',
      environment: props.environment,
      removalPolicy: props.removalPolicy,
      deadLetterQueue: this.deadLetters.queue,
      registers: props.registers,
    });
    this.topic.addSubscription(new subscriptions.LambdaSubscription(this.handler, { deadLetterQueue: this.deadLetters.queue }));
    this.grantSend(this.handler);
  }

  /** ses:SendEmail from the sender's identity (the address or its domain) with this configuration set only. */
  grantSend(grantee: iam.IGrantable): iam.Grant {
    const stack = Stack.of(this);
    const identity = (name: string) => stack.formatArn({ service: 'ses', resource: 'identity', resourceName: name, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
    const domain = this.props.senderAddress.split('@')[1] ?? this.props.senderAddress;
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['ses:SendEmail', 'ses:SendRawEmail'],
      resourceArns: [
        identity(this.props.senderAddress),
        identity(domain),
        stack.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: this.props.configurationSetName, arnFormat: ArnFormat.SLASH_RESOURCE_NAME }),
      ],
    });
  }
}
