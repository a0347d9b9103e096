/** Reads configuration from the environment lazily, so the local runtime can set it before first use. */
export const requireEnv = (name: string): string => {
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new Error(`Environment variable ${name} is not set; the stack sets it on every function that needs it.`);
  }
  return value;
};

export const config = {
  tableName: () => requireEnv('TABLE_NAME'),
  senderAddress: () => requireEnv('SENDER_ADDRESS'),
  publicBaseUrl: () => requireEnv('PUBLIC_BASE_URL').replace(/\/+$/, ''),
  linkKeySecretId: () => requireEnv('LINK_KEY_SECRET_ID'),
  draftAndCosignStateMachineArn: () => requireEnv('DRAFT_AND_COSIGN_STATE_MACHINE_ARN'),
  sesConfigurationSet: () => process.env.SES_CONFIGURATION_SET || undefined,
};
