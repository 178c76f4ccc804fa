/** The repository's TypeScript sources, read and parsed for the architecture tests. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, resolve, sep } from 'node:path';
import ts from 'typescript';

export const repositoryRoot = resolve(import.meta.dirname, '../../..');

/** The `.ts` files under these repository folders, as repository-relative paths with `/`. */
export function sourceFiles(...folders: string[]): string[] {
  return folders
    .flatMap((folder) =>
      readdirSync(join(repositoryRoot, folder), { recursive: true, encoding: 'utf8' })
        .filter((name) => name.endsWith('.ts') && !name.endsWith('.d.ts'))
        .map((name) => `${folder}/${name.split(sep).join('/')}`),
    )
    .sort();
}

/** A file of the repository (or, for tests of a check, any text under a made-up name), parsed. */
export function parse(file: string, text = readFileSync(join(repositoryRoot, file), 'utf8')): ts.SourceFile {
  return ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
}

/** `file:line` of a node, for messages. */
export function where(source: ts.SourceFile, node: ts.Node): string {
  return `${source.fileName}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}`;
}

/** The repository files a file imports as values (`import type` is erased and runs nothing). */
export function valueImportsOf(file: string): string[] {
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

/** Every repository file an entry's value imports reach, itself included. */
export function reachableFiles(entry: string): Set<string> {
  const seen = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (seen.has(file) || !file.endsWith('.ts')) continue;
    seen.add(file);
    pending.push(...valueImportsOf(file));
  }
  return seen;
}
