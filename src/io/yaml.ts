// Reads a YAML file with no type coercion (every scalar stays text: `007` stays `007`, `no` stays `no`).
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { issue, type LedgerIssue } from '../core/issues.js';
import type { YamlInput, YamlPath } from '../core/config.js';

export function readYaml(file: string, text: string): { input: YamlInput; issues: LedgerIssue[] } {
  const lineCounter = new LineCounter();
  const issues: LedgerIssue[] = [];
  const doc = parseDocument(text, { schema: 'failsafe', lineCounter, uniqueKeys: true, prettyErrors: false, strict: true });
  for (const e of [...doc.errors, ...doc.warnings]) {
    const line = e.pos ? lineCounter.linePos(e.pos[0]).line : 1;
    issues.push(issue(file, line, `YAML: ${e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`, 'fix the YAML syntax'));
  }
  let value: unknown = undefined;
  if (doc.errors.length === 0) {
    try {
      // maxAliasCount refuses alias bombs ("billion laughs") instead of expanding them.
      value = doc.toJS({ maxAliasCount: 50 });
    } catch (e) {
      issues.push(issue(file, 1, `YAML refused: ${(e as Error).message}`, 'write the values out instead of through many aliases'));
    }
  }
  const lineOf = (path: YamlPath): number | undefined => {
    let node: unknown = doc.contents;
    let line: number | undefined = startLine(node);
    for (const seg of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
        if (!pair) return line;
        line = startLine(pair.key) ?? line;
        node = pair.value;
        if (isScalar(node)) line = startLine(node) ?? line;
      } else if (isSeq(node) && typeof seg === 'number') {
        node = node.items[seg];
        line = startLine(node) ?? line;
      } else {
        return line;
      }
    }
    return line;
  };
  function startLine(node: unknown): number | undefined {
    const range = (node as Node | null | undefined)?.range;
    return range ? lineCounter.linePos(range[0]).line : undefined;
  }
  return { input: { file, value, lineOf }, issues };
}
