// Reads a YAML file with no type coercion (every scalar stays text: `007` stays `007`, `no` stays `no`).
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Node } from 'yaml';
import { issue, type LedgerIssue } from '../core/issues.js';
import type { YamlInput, YamlPath } from '../core/config.js';

export function readYaml(file: string, text: string): { input: YamlInput; issues: LedgerIssue[] } {
  const lineCounter = new LineCounter();
  const issues: LedgerIssue[] = [];
  const doc = parseDocument(text, { schema: 'failsafe', lineCounter, uniqueKeys: true, prettyErrors: false, strict: true });
  for (const e of [...doc.errors, ...doc.warnings]) {
    const line = e.pos ? lineCounter.linePos(e.pos[0]).line : 1;
    if (e.code === 'DUPLICATE_KEY' && e.pos) {
      // Which key is what the reader needs; the parser's message does not say.
      const key = /^[^:\n]*/.exec(text.slice(e.pos[0]))![0].trim();
      issues.push(issue(file, line, `YAML: key ${JSON.stringify(key)} appears twice in the same map`, 'keep one of them; a later copy would silently win'));
      continue;
    }
    issues.push(issue(file, line, `YAML: ${e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`, 'fix the YAML syntax'));
  }
  let value: unknown = undefined;
  // The value is taken even from a document with errors (a duplicate key, say), so that one YAML mistake does
  // not also make every customer look missing.
  try {
    // maxAliasCount refuses alias bombs ("billion laughs") instead of expanding them.
    value = doc.toJS({ maxAliasCount: 50 });
  } catch (e) {
    if (doc.errors.length === 0) {
      let aliasLine: number | undefined;
      visit(doc, { Alias: (_k, node) => { aliasLine ??= startLine(node); } });
      issues.push(issue(file, aliasLine ?? 1, `YAML refused: ${(e as Error).message}`, 'write the values out instead of through many aliases'));
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
