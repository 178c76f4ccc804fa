import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { afterEach, describe, expect, it } from 'vitest';
import { catalogues, preferredLocale, setLocale, t } from '../../../web/src/i18n.ts';

const componentsDir = resolve(import.meta.dirname, '../../../web/src/components');

afterEach(() => {
  setLocale('en', false);
});

/** A plural's base key: Chinese has only `_other`, English `_one` and `_other`. */
const base = (key: string) => key.replace(/_(one|other)$/, '');
const variables = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1]).sort();

describe('the catalogues', () => {
  const en = catalogues.en;
  const zh = catalogues['zh-CN'];

  it('have every key in both languages', () => {
    const enKeys = new Set(Object.keys(en).map(base));
    const zhKeys = new Set(Object.keys(zh).map(base));
    expect([...enKeys].filter((key) => !zhKeys.has(key))).toEqual([]);
    expect([...zhKeys].filter((key) => !enKeys.has(key))).toEqual([]);
  });

  it('give every English plural both forms, and Chinese its one form', () => {
    for (const key of Object.keys(en)) {
      if (key.endsWith('_one')) expect(en, key).toHaveProperty(`${base(key)}_other`);
      if (key.endsWith('_other')) {
        expect(en, key).toHaveProperty(`${base(key)}_one`);
        expect(zh, key).toHaveProperty(key);
      }
    }
    expect(Object.keys(zh).filter((key) => key.endsWith('_one'))).toEqual([]);
  });

  it('fill in the same values in both languages, and leave no sentence empty', () => {
    for (const [key, text] of Object.entries(zh)) {
      const english = en[key as keyof typeof en] ?? en[`${base(key)}_one` as keyof typeof en];
      expect(variables(text), key).toEqual(variables(english ?? ''));
      expect(text.trim(), key).not.toBe('');
    }
  });

  it('say Chinese in Chinese: no English sentence left untranslated', () => {
    // Names that stay as they are in Chinese UIs too.
    const kept = new Set(['language.en', 'language.zh-CN', 'composer.hint', 'card.field.appId']);
    const untranslated = Object.entries(zh).filter(
      ([key, text]) =>
        !kept.has(key) &&
        /[A-Za-z]{4,}/.test(text.replace(/\{\{\w+\}\}/g, '')) &&
        !/[\u4e00-\u9fff]/.test(text),
    );
    expect(untranslated).toEqual([]);
  });
});

describe('t', () => {
  it('interpolates and picks the plural form', () => {
    setLocale('en', false);
    expect(t('thread.newBelow', { count: 1 })).toBe('1 new message');
    expect(t('thread.newBelow', { count: 3 })).toBe('3 new messages');
    setLocale('zh-CN', false);
    expect(t('thread.newBelow', { count: 3 })).toBe('3 条新消息');
    expect(t('topbar.signOut')).toBe('退出登录');
  });
});

describe('preferredLocale', () => {
  it.each<[string | null, string[], string]>([
    [null, ['zh-CN', 'en'], 'zh-CN'],
    [null, ['zh-TW'], 'zh-CN'],
    [null, ['en-US', 'zh-CN'], 'en'],
    [null, ['fr-FR'], 'zh-CN'],
    [null, [], 'zh-CN'],
    ['en', ['zh-CN'], 'en'],
    ['zh-CN', ['en-US'], 'zh-CN'],
    ['de', ['en-GB'], 'en'],
  ])('stored %s, browser %j → %s', (stored, languages, locale) => {
    expect(preferredLocale(stored, languages)).toBe(locale);
  });
});

/**
 * No component shows English of its own: JSX text and the attributes people read (placeholder,
 * title, aria-label, alt, label…) go through the translator. What remains are examples of input
 * (paths, ids, patterns) and symbols.
 */
describe('components', () => {
  const readAttributes = new Set([
    'placeholder',
    'title',
    'aria-label',
    'alt',
    'label',
    'caption',
    'removeTitle',
  ]);
  /** Example input, not words: the same in every language. */
  const examples = new Set([
    'pages/index/index?id=42',
    'wx…',
    'https://',
    'shop-12',
    '人工, 客服',
    '^shop:(12|13)$',
    'vip:',
    '退(货|款)',
    '发货',
    '09:00',
    '18:00',
    '客',
    'contact:CONTACT_KF=>…',
  ]);
  const isWords = (text: string) => /[A-Za-z]{2,}/.test(text) && !examples.has(text.trim());

  const literals = (file: string): string[] => {
    const text = readFileSync(join(componentsDir, file), 'utf8');
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
    const found: string[] = [];
    const line = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    const visit = (node: ts.Node): void => {
      if (ts.isJsxText(node) && isWords(node.text))
        found.push(`${file}:${line(node)} text "${node.text.trim()}"`);
      if (ts.isJsxAttribute(node) && readAttributes.has(node.name.getText(source))) {
        const value = node.initializer;
        const literal =
          value && ts.isStringLiteral(value)
            ? value.text
            : value &&
                ts.isJsxExpression(value) &&
                value.expression &&
                ts.isStringLiteralLike(value.expression)
              ? value.expression.text
              : value &&
                  ts.isJsxExpression(value) &&
                  value.expression &&
                  ts.isTemplateExpression(value.expression)
                ? value.expression.getText(source)
                : undefined;
        if (literal !== undefined && isWords(literal)) {
          found.push(`${file}:${line(node)} ${node.name.getText(source)}="${literal}"`);
        }
      }
      // A string literal shown as a child: {'Loading…'} or {cond ? 'Yes' : 'No'}.
      if (
        ts.isJsxExpression(node) &&
        node.parent &&
        (ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent))
      ) {
        const collect = (expression: ts.Expression | undefined): void => {
          if (!expression) return;
          if (ts.isStringLiteralLike(expression) && isWords(expression.text)) {
            found.push(`${file}:${line(expression)} child "${expression.text}"`);
          } else if (ts.isConditionalExpression(expression)) {
            collect(expression.whenTrue);
            collect(expression.whenFalse);
          } else if (ts.isBinaryExpression(expression)) {
            collect(expression.right);
          } else if (ts.isParenthesizedExpression(expression)) {
            collect(expression.expression);
          }
        };
        collect(node.expression);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
    return found;
  };

  it('show no English literal that bypasses the translator', () => {
    const files = readdirSync(componentsDir).filter((file) => file.endsWith('.tsx'));
    expect(files.length).toBeGreaterThan(30);
    expect(files.flatMap(literals)).toEqual([]);
  });
});
