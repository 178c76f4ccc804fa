/**
 * Environment variable names of the project are spelled once, in `shared/config/env-names.ts`.
 * Scans every source file of `shared/`, `functions/` and `infra/` (the local runtime included) and
 * fails on
 * - `process.env.NAME` or `process.env['NAME']` with a literal name that is not a variable of AWS,
 *   Node or a library (read a project variable through its constant: `process.env[functionEnv.x]`);
 * - any other spelling of a registered name in code: a string `'CORE_TABLE'`, a key `{ JWT_SECRET: … }`,
 *   `env.HTTP_PORT`. Comments and longer texts that mention a name are documentation and pass.
 */
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as manifest from '../../../infra/manifest.ts';
import { functionEnv, toolEnv } from '../../../shared/config/env-names.ts';
import { tables } from '../../../shared/store/tables.ts';
import { parse, sourceFiles, where } from './sources.ts';

const registryFile = 'shared/config/env-names.ts';

/** Registered name -> the constant that spells it. */
const constants = new Map<string, string>([
  ...Object.entries(functionEnv).map(([key, name]) => [name, `functionEnv.${key}`] as const),
  ...Object.entries(toolEnv).map(([key, name]) => [name, `toolEnv.${key}`] as const),
]);

/** Variables the project does not define: read by their own names. */
const wellKnown = [
  /^AWS_/, // the SDK, Lambda's runtime (AWS_REGION, AWS_ENDPOINT_URL_*, AWS_LAMBDA_*)
  /^NODE_/, // Node (NODE_OPTIONS, NODE_ENV)
  /^POWERTOOLS_/, // AWS Lambda Powertools' settings
  /^DDB_LOCAL_TELEMETRY$/, // DynamoDB Local's own switch, set by the local runtime
  /^PATH$/,
];

function isProcessEnv(node: ts.Expression): boolean {
  return (
    ts.isPropertyAccessExpression(node) &&
    node.name.text === 'env' &&
    ts.isIdentifier(node.expression) &&
    node.expression.text === 'process'
  );
}

/** The literal name read by `process.env.NAME` / `process.env['NAME']`, if the node is such a read. */
function processEnvName(node: ts.Node): string | undefined {
  if (ts.isPropertyAccessExpression(node) && isProcessEnv(node.expression)) return node.name.text;
  if (
    ts.isElementAccessExpression(node) &&
    isProcessEnv(node.expression) &&
    ts.isStringLiteralLike(node.argumentExpression)
  ) {
    return node.argumentExpression.text;
  }
  return undefined;
}

function envNameProblems(source: ts.SourceFile): string[] {
  const problems: string[] = [];
  const visit = (node: ts.Node): void => {
    const read = processEnvName(node);
    if (read !== undefined) {
      const constant = constants.get(read);
      const at = `${where(source, node)}: process.env.${read}`;
      if (constant) problems.push(`${at}; read it as process.env[${constant}]`);
      else if (!wellKnown.some((pattern) => pattern.test(read))) {
        problems.push(`${at}; name the variable in ${registryFile}`);
      }
      return;
    }
    if (source.fileName !== registryFile && (ts.isStringLiteralLike(node) || ts.isIdentifier(node))) {
      const constant = constants.get(node.text);
      if (constant) problems.push(`${where(source, node)}: spells ${node.text}; use ${constant}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return problems;
}

describe('environment variable names', () => {
  it('are spelled only by their constants in shared/, functions/ and infra/', () => {
    const files = sourceFiles('shared', 'functions', 'infra');
    expect(files).toContain('infra/local/runtime.ts');
    expect(files.flatMap((file) => envNameProblems(parse(file)))).toEqual([]);
  });

  it('are each registered once', () => {
    expect(constants.size).toBe(Object.keys(functionEnv).length + Object.keys(toolEnv).length);
  });

  it('handed to functions by the manifest and the tables are registered names', () => {
    const handedOut = [
      ...tables.map((table) => table.envVar),
      manifest.jwtEnv.secretArn,
      manifest.jwtEnv.secret,
      manifest.wsCallbackUrlEnv,
      manifest.mediaBucketEnv,
      manifest.wechatApiBaseEnv,
    ];
    expect(handedOut.filter((name) => !Object.values<string>(functionEnv).includes(name))).toEqual([]);
  });

  it('are found by the scan wherever code spells them', () => {
    const source = parse(
      'infra/example.ts',
      [
        'const a = process.env.CORE_TABLE;',
        "const b = process.env['SOME_SETTING'];",
        'const c = { JWT_SECRET: 1, key: "MEDIA_BUCKET" };',
        'const d = env.HTTP_PORT;',
        'const e = process.env.AWS_REGION ?? process.env[functionEnv.coreTable];',
        '// CORE_TABLE in a comment, and in a sentence: "CORE_TABLE is not set"',
      ].join('\n'),
    );
    expect(envNameProblems(source)).toEqual([
      'infra/example.ts:1: process.env.CORE_TABLE; read it as process.env[functionEnv.coreTable]',
      'infra/example.ts:2: process.env.SOME_SETTING; name the variable in shared/config/env-names.ts',
      'infra/example.ts:3: spells JWT_SECRET; use functionEnv.jwtSecret',
      'infra/example.ts:3: spells MEDIA_BUCKET; use functionEnv.mediaBucket',
      'infra/example.ts:4: spells HTTP_PORT; use toolEnv.httpPort',
    ]);
  });
});
