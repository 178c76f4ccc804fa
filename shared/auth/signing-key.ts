import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { functionEnv } from '../config/env-names.ts';

let cached: Promise<Uint8Array> | undefined;

/**
 * The JWT signing key. In the cloud it lives in Secrets Manager (generated at deploy time, never in
 * the template) and is read once per Lambda instance; the local runtime hands it over in the
 * environment.
 */
export function signingKey(): Promise<Uint8Array> {
  cached ??= loadKey().catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}

async function loadKey(): Promise<Uint8Array> {
  const secretArn = process.env[functionEnv.jwtSecretArn];
  if (secretArn) {
    const { SecretString } = await new SecretsManagerClient({}).send(
      new GetSecretValueCommand({ SecretId: secretArn }),
    );
    if (!SecretString) throw new Error('the JWT signing secret is empty');
    return new TextEncoder().encode(SecretString);
  }
  const secret = process.env[functionEnv.jwtSecret];
  if (!secret) throw new Error(`neither ${functionEnv.jwtSecretArn} nor ${functionEnv.jwtSecret} is set`);
  return new TextEncoder().encode(secret);
}
