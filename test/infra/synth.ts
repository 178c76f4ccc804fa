/**
 * Synthesizes the stack the way `cdk synth` does (the feature flags of cdk.json, cdk-nag registered
 * as a validation plugin), into a temporary folder. Bundling runs esbuild once per function, so each
 * test file synthesizes once, in `beforeAll`, and shares the result.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, CfnElement, type PolicyValidationPluginReport, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import {
  defaultManifest,
  repositoryRoot,
  type StackManifest,
  WeChatCsStack,
  type WeChatCsStackProps,
} from '../../infra/stack.ts';

export const fixtureHandler = 'test/fixtures/infra/handler.ts';
export const fixtureConsole = join(repositoryRoot, 'test/fixtures/infra/console');

/** The real manifest with every function's entry replaced by a tiny handler that bundles at once. */
export function fixtureManifest(overrides: Partial<StackManifest> = {}): StackManifest {
  const functions = Object.fromEntries(
    Object.entries(defaultManifest.functions).map(([name, spec]) => [
      name,
      { ...spec, entry: fixtureHandler },
    ]),
  );
  return { ...defaultManifest, functions, ...overrides };
}

/** The `context` block of cdk.json: the feature flags `cdk synth` runs with. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(repositoryRoot, 'cdk.json'), 'utf8')) as {
    context: Record<string, unknown>;
  };
  return cdkJson.context;
}

export interface Synthesized {
  app: App;
  stack: WeChatCsStack;
  template: Template;
  json: string;
  assembly: CloudAssembly;
  /** cdk-nag's findings that no acknowledgement covers (errors and warnings). */
  nag: PolicyValidationPluginReport;
  /** Resolves a construct to its CloudFormation logical id. */
  logicalId(construct: IConstruct): string;
  /** Deletes the cloud assembly (about 25 MB, mostly the AWS CLI layer of BucketDeployment). */
  cleanup(): void;
}

export function synthesize(props: Partial<WeChatCsStackProps> = {}, stackId = 'WeChatCs'): Synthesized {
  const outdir = mkdtempSync(join(tmpdir(), 'wechat-cs-infra-'));
  const app = new App({ context: cdkJsonContext(), outdir });
  const stack = new WeChatCsStack(app, stackId, {
    manifest: fixtureManifest(),
    consoleAssetPath: fixtureConsole,
    ...props,
  });
  const checks = new AwsSolutionsChecks(app);
  Validations.of(app).addPlugins(checks);
  const assembly = app.synth();
  const template = Template.fromStack(stack);
  return {
    app,
    stack,
    template,
    json: JSON.stringify(template.toJSON()),
    assembly,
    nag: checks.validateScope(app),
    logicalId(construct) {
      const element = construct instanceof CfnElement ? construct : construct.node.defaultChild;
      if (!(element instanceof CfnElement))
        throw new Error(`${construct.node.path} has no CloudFormation resource`);
      return stack.resolve(element.logicalId) as string;
    },
    cleanup() {
      rmSync(outdir, { recursive: true, force: true });
    },
  };
}

export function readAsset(assembly: CloudAssembly, file: string): string | undefined {
  const path = join(assembly.directory, file);
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

/** Every acknowledgement recorded with `Validations.of(x).acknowledge()` under `root`. */
export function acknowledgements(root: IConstruct): { path: string; id: string; reason: string }[] {
  const found: { path: string; id: string; reason: string }[] = [];
  for (const construct of root.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        found.push({ path: construct.node.path, id, reason });
      }
    }
  }
  return found;
}
