// A ledger's own invoice and statement templates on disk (templates/<name>.<fmt>.mustache), read by the rules of
// its letter templates: inside the ledger, no symlink out of it, UTF-8, parsed before use.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { issue, DataError, type LedgerIssue } from '../core/issues.js';
import {
  DOCUMENT_TEMPLATE_FORMATS, DOCUMENT_TEMPLATES, templateSyntaxProblem, type DocumentTemplateFormat, type DocumentTemplateName,
} from '../core/templates/documents.js';
import { readTemplateFile, TEMPLATES_DIR } from './outbox.js';

export function documentTemplatePath(name: DocumentTemplateName, format: DocumentTemplateFormat): string {
  return `${TEMPLATES_DIR}/${name}.${format}.mustache`;
}

/** The ledger's template for a document and format, or null to use the built-in layout. */
export function readDocumentTemplate(dir: string, name: DocumentTemplateName, format: DocumentTemplateFormat): string | null {
  const rel = documentTemplatePath(name, format);
  const text = readTemplateFile(dir, rel);
  if (text === null) return null;
  const problem = templateSyntaxProblem(text);
  if (problem !== null) throw new DataError([issue(rel, undefined, `cannot render the ${name}: ${problem}`, 'fix the mustache syntax: every {{#section}} needs its {{/section}}')]);
  return text;
}

/**
 * The invoice and statement templates the ledger has that mustache cannot parse, so that `check` finds what
 * `invoice render` or `statement` would otherwise stop on.
 */
export function documentTemplateIssues(dir: string): LedgerIssue[] {
  if (!fs.existsSync(path.join(dir, TEMPLATES_DIR))) return [];
  const out: LedgerIssue[] = [];
  for (const name of DOCUMENT_TEMPLATES) {
    for (const format of DOCUMENT_TEMPLATE_FORMATS) {
      try {
        readDocumentTemplate(dir, name, format);
      } catch (e) {
        if (!(e instanceof DataError)) throw e;
        out.push(...e.issues);
      }
    }
  }
  return out;
}
