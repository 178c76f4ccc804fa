/**
 * `callsWeChat` in the manifest says which functions reach WeChat's server API, and so which ones
 * `fixedEgress` puts behind the whitelisted address. It must match the code: a function whose
 * imports (followed through the repository, values only) reach the WeChat client
 * (`shared/wechat/wechat-context.ts`) calls WeChat, and one that does not, does not. A function left
 * out would answer 40164 in production with the whitelist on; one put in for nothing pays the NAT.
 */
import { posix } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { functions } from '../../../infra/manifest.ts';
import { parse } from './sources.ts';

const wechatClient = 'shared/wechat/wechat-context.ts';

/** The repository files a file imports as values (`import type` is erased and calls nothing). */
function valueImportsOf(file: string): string[] {
  const source = parse(file);
  const found: string[] = [];
  const add = (specifier: ts.Expression | undefined) => {
    if (specifier && ts.isStringLiteralLike(specifier) && specifier.text.startsWith('.')) {
      found.push(posix.join(posix.dirname(file), specifier.text));
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly) add(node.moduleSpecifier);
    else if (ts.isExportDeclaration(node) && !node.isTypeOnly) add(node.moduleSpecifier);
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node.arguments[0]);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function reaches(entry: string, wanted: string): boolean {
  const seen = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (file === wanted) return true;
    if (seen.has(file) || !file.endsWith('.ts')) continue;
    seen.add(file);
    pending.push(...valueImportsOf(file));
  }
  return false;
}

describe('callsWeChat in infra/manifest.ts', () => {
  it('is set on exactly the functions whose code reaches the WeChat client', () => {
    const declared = Object.entries(functions)
      .filter(([, spec]) => 'callsWeChat' in spec && spec.callsWeChat)
      .map(([name]) => name)
      .sort();
    const reaching = Object.entries(functions)
      .filter(([, spec]) => reaches(spec.entry, wechatClient))
      .map(([name]) => name)
      .sort();
    expect(reaching.length).toBeGreaterThan(0);
    expect(declared).toEqual(reaching);
  });
});
