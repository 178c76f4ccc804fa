/**
 * The key that signs the agents' JWTs. Secrets Manager generates it when the stack is created, inside
 * AWS: the template only asks for "64 random letters and digits", so the key is never in the
 * template, the cloud assembly, the repository or an output. Functions read it once per instance
 * (`shared/auth/signing-key.ts`).
 */
import { Validations } from 'aws-cdk-lib';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

export class SigningKey extends Construct {
  readonly secret: Secret;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.secret = new Secret(this, 'Secret', {
      description: 'HMAC key that signs the agent console JWTs (generated at deploy time)',
      generateSecretString: {
        // 64 characters from [A-Za-z0-9] carry about 380 bits, above HS256's 256-bit key size.
        passwordLength: 64,
        excludePunctuation: true,
        includeSpace: false,
      },
    });
    Validations.of(this.secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'No automatic rotation: the secret is a JWT signing key, not a credential for another ' +
        'system, and rotating it would invalidate every signed-in agent at once (their tokens fail ' +
        'verification and every open socket has to sign in again), while the functions keep the ' +
        'old key cached until their instances recycle. Tokens live one hour, which bounds the ' +
        'exposure of a leaked token. An operator who suspects the key leaked rotates it by hand: ' +
        'put a new random value (aws secretsmanager put-secret-value), then force new function ' +
        'instances (a deploy that changes the functions) so that none keeps the old key cached.',
    });
  }

  grantRead(grantee: IGrantable): void {
    this.secret.grantRead(grantee);
  }
}
