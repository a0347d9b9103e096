import type { SFNClient } from '@aws-sdk/client-sfn';
import { emailClient, secretsClient, stepFunctionsClient } from './clients.js';
import { type Mailer, sesMailer } from './email/send.js';
import { config } from './env.js';
import { CachedKeys, secretsManagerKeySource } from './links/keys.js';
import { type Store, store } from './store.js';

/** What step and program code needs from the outside world; tests pass their own. */
export interface Deps {
  readonly db: Store;
  readonly mailer: Mailer;
  readonly keys: CachedKeys;
  readonly sfn: SFNClient;
  readonly baseUrl: string;
}

let defaults: Deps | undefined;
export const defaultDeps = (): Deps => {
  defaults ??= {
    db: store(),
    mailer: sesMailer(emailClient(), config.senderAddress(), config.sesConfigurationSet()),
    keys: new CachedKeys(secretsManagerKeySource(secretsClient(), config.linkKeySecretId())),
    sfn: stepFunctionsClient(),
    baseUrl: config.publicBaseUrl(),
  };
  return defaults;
};
