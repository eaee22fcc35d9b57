/**
 * Adding and removing imports in the file's own style: ESM `import { x } from 'm'` or CommonJS
 * `const { x } = require('m')`, merged into an existing import of the same module when there is
 * one (`node:fs/promises` and `fs/promises` are the same module), aliased when the name is taken,
 * and removed when a fix leaves a binding unused (projects compile with `noUnusedLocals`).
 */
import { ts } from 'ts-morph';
import type { TextEdit } from '../fix';
import { identifiersIn, isReference, lineEnd, quoteOf, referencesTo, statementRemovalRange, usesSemicolons } from './ast';
import type { EditSet } from './edits';
import type { ModuleFormat } from './module-system';

function sameModule(a: string, b: string): boolean {
  return a.replace(/^node:/, '') === b.replace(/^node:/, '');
}

interface Pending {
  module: string;
  /** exported name → local name */
  names: Map<string, string>;
  typeOnly: boolean;
  /** a default import's local name */
  defaultLocal?: string;
  /** a namespace import's local name (`import * as x`, `const x = require()`) */
  namespaceLocal?: string;
}

export class ImportPlanner {
  private readonly used: Set<string>;
  private readonly pending: Pending[] = [];
  private readonly additions = new Map<ts.Node, string[]>();
  /** what each addition imports, for when its import statement is removed after all (see finish) */
  private readonly merged = new Map<ts.Node, { module: string; typeOnly: boolean; names: [string, string][] }>();

  constructor(
    private readonly file: string,
    private readonly sf: ts.SourceFile,
    private readonly format: ModuleFormat,
  ) {
    this.used = identifiersIn(sf);
  }

  /** Reserves a name for new code in this file (so later imports do not take it). */
  reserve(name: string): string {
    let candidate = name;
    for (let i = 2; this.used.has(candidate); i++) candidate = `${name}${i}`;
    this.used.add(candidate);
    return candidate;
  }

  isUsed(name: string): boolean {
    return this.used.has(name);
  }

  /**
   * The expression naming export `name` of `module` in this file, importing it when needed:
   * an existing binding, `ns.name` through an existing namespace import, or a new import.
   */
  named(module: string, name: string, options: { typeOnly?: boolean; preferredLocal?: string } = {}): string {
    const existing = this.existingBinding(module, name, options.typeOnly ?? false);
    if (existing) return existing;
    let entry = this.pending.find((candidate) => sameModule(candidate.module, module) && candidate.typeOnly === (options.typeOnly ?? false) && !candidate.defaultLocal && !candidate.namespaceLocal);
    const already = entry?.names.get(name);
    if (already) return already;
    const local = this.reserve(options.preferredLocal ?? name);
    const mergeTarget = this.mergeableImport(module, options.typeOnly ?? false);
    if (mergeTarget) {
      const list = this.additions.get(mergeTarget) ?? [];
      list.push(local === name ? name : this.format.syntax === 'esm' ? `${name} as ${local}` : `${name}: ${local}`);
      this.additions.set(mergeTarget, list);
      const record = this.merged.get(mergeTarget) ?? { module, typeOnly: options.typeOnly ?? false, names: [] };
      record.names.push([name, local]);
      this.merged.set(mergeTarget, record);
      return local;
    }
    if (!entry) {
      entry = { module, names: new Map(), typeOnly: options.typeOnly ?? false };
      this.pending.push(entry);
    }
    entry.names.set(name, local);
    return local;
  }

  /** The local name of the module's default export (`import x from 'm'` / `const x = require('m')`). */
  defaultImport(module: string, preferredLocal: string): string {
    for (const statement of this.sf.statements) {
      if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier) && sameModule(statement.moduleSpecifier.text, module)) {
        const clause = statement.importClause;
        if (clause?.name && !clause.isTypeOnly) return clause.name.text;
      }
      const required = requireOf(statement);
      if (required && sameModule(required.module, module) && ts.isIdentifier(required.declaration.name)) return required.declaration.name.text;
    }
    const existing = this.pending.find((entry) => sameModule(entry.module, module) && entry.defaultLocal);
    if (existing?.defaultLocal) return existing.defaultLocal;
    const local = this.reserve(preferredLocal);
    this.pending.push({ module, names: new Map(), typeOnly: false, defaultLocal: local });
    return local;
  }

  /** A namespace binding of a module (`import * as path from 'node:path'` / `const path = require('node:path')`). */
  namespaceImport(module: string, preferredLocal: string): string {
    for (const statement of this.sf.statements) {
      if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier) && sameModule(statement.moduleSpecifier.text, module)) {
        const bindings = statement.importClause?.namedBindings;
        if (bindings && ts.isNamespaceImport(bindings) && !statement.importClause?.isTypeOnly) return bindings.name.text;
      }
      const required = requireOf(statement);
      if (required && sameModule(required.module, module) && ts.isIdentifier(required.declaration.name)) return required.declaration.name.text;
    }
    const existing = this.pending.find((entry) => sameModule(entry.module, module) && entry.namespaceLocal);
    if (existing?.namespaceLocal) return existing.namespaceLocal;
    const local = this.reserve(preferredLocal);
    this.pending.push({ module, names: new Map(), typeOnly: false, namespaceLocal: local });
    return local;
  }

  private existingBinding(module: string, name: string, typeOnly: boolean): string | undefined {
    for (const statement of this.sf.statements) {
      if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier) && sameModule(statement.moduleSpecifier.text, module)) {
        const clause = statement.importClause;
        if (!clause || (clause.isTypeOnly && !typeOnly)) continue;
        const bindings = clause.namedBindings;
        if (bindings && ts.isNamespaceImport(bindings)) return `${bindings.name.text}.${name}`;
        if (bindings && ts.isNamedImports(bindings)) {
          for (const element of bindings.elements) {
            if ((element.propertyName ?? element.name).text === name && (!element.isTypeOnly || typeOnly)) return element.name.text;
          }
        }
      }
      const required = requireOf(statement);
      if (required && sameModule(required.module, module)) {
        const target = required.declaration.name;
        if (ts.isIdentifier(target)) return `${target.text}.${name}`;
        if (ts.isObjectBindingPattern(target)) {
          for (const element of target.elements) {
            const key = element.propertyName ?? element.name;
            if (ts.isIdentifier(key) && key.text === name && ts.isIdentifier(element.name)) return element.name.text;
          }
        }
      }
    }
    return undefined;
  }

  /** An existing `import { ... } from 'm'` or `const { ... } = require('m')` to add names to. */
  private mergeableImport(module: string, typeOnly: boolean): ts.Node | undefined {
    for (const statement of this.sf.statements) {
      if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier) && sameModule(statement.moduleSpecifier.text, module)) {
        const clause = statement.importClause;
        if (clause && clause.isTypeOnly === typeOnly && clause.namedBindings && ts.isNamedImports(clause.namedBindings)) return clause.namedBindings;
      }
      if (typeOnly) continue;
      const required = requireOf(statement);
      if (required && sameModule(required.module, module) && ts.isObjectBindingPattern(required.declaration.name)) return required.declaration.name;
    }
    return undefined;
  }

  /** Writes the planned imports into the edit set. */
  finish(edits: EditSet): void {
    for (const [node, names] of this.additions) {
      // the import it would join is removed (its old names all became unused): a new import instead
      if (isRemoved(edits.editsOf(this.file), node, this.sf)) {
        const record = this.merged.get(node)!;
        this.pending.push({ module: record.module, names: new Map(record.names), typeOnly: record.typeOnly });
        continue;
      }
      const elements = ts.isNamedImports(node) ? node.elements : (node as ts.ObjectBindingPattern).elements;
      const last = elements[elements.length - 1];
      if (last) {
        edits.insert(this.file, last.getEnd(), `, ${names.join(', ')}`);
      } else {
        const open = node.getStart(this.sf) + 1;
        edits.insert(this.file, open, ` ${names.join(', ')} `);
      }
    }
    if (this.pending.length === 0) return;
    const semicolon = usesSemicolons(this.sf) ? ';' : '';
    const quote = quoteOf(this.sf);
    const lines = this.pending.map((entry) => {
      const specifier = `${quote}${entry.module}${quote}`;
      if (this.format.syntax === 'esm') {
        if (entry.defaultLocal) return `import ${entry.defaultLocal} from ${specifier}${semicolon}`;
        if (entry.namespaceLocal) return `import * as ${entry.namespaceLocal} from ${specifier}${semicolon}`;
        const names = [...entry.names].map(([name, local]) => (name === local ? name : `${name} as ${local}`));
        return `import ${entry.typeOnly ? 'type ' : ''}{ ${names.join(', ')} } from ${specifier}${semicolon}`;
      }
      if (entry.typeOnly) return undefined;
      if (entry.defaultLocal || entry.namespaceLocal) return `const ${entry.defaultLocal ?? entry.namespaceLocal} = require(${specifier})${semicolon}`;
      const names = [...entry.names].map(([name, local]) => (name === local ? name : `${name}: ${local}`));
      return `const { ${names.join(', ')} } = require(${specifier})${semicolon}`;
    }).filter((line): line is string => line !== undefined);
    if (lines.length === 0) return;
    const offset = importInsertionOffset(this.sf);
    const text = this.sf.text;
    const before = offset > 0 && text[offset - 1] !== '\n' ? '\n' : '';
    const after = offset === 0 && text.length > 0 && !/^\s*(import|const|let|var)\b/.test(text.slice(offset)) ? '\n' : '';
    edits.insert(this.file, offset, `${before}${lines.join('\n')}\n${after}`);
  }
}

/** `const x = require('m')` / `const { a } = require('m')` at the top level. */
export function requireOf(statement: ts.Statement): { module: string; declaration: ts.VariableDeclaration } | undefined {
  if (!ts.isVariableStatement(statement) || statement.declarationList.declarations.length !== 1) return undefined;
  const declaration = statement.declarationList.declarations[0];
  const initializer = declaration.initializer;
  if (!initializer || !ts.isCallExpression(initializer) || !ts.isIdentifier(initializer.expression) || initializer.expression.text !== 'require') return undefined;
  const first = initializer.arguments[0];
  return first && ts.isStringLiteral(first) ? { module: first.text, declaration } : undefined;
}

/** After the last top-level import or require at the top, else after a header comment, shebang and 'use strict'. */
export function importInsertionOffset(sf: ts.SourceFile): number {
  let offset = 0;
  let seenImport = false;
  for (const statement of sf.statements) {
    const isImport = ts.isImportDeclaration(statement) || ts.isImportEqualsDeclaration(statement) || requireOf(statement) !== undefined;
    const isDirective = ts.isExpressionStatement(statement) && ts.isStringLiteral(statement.expression) && !seenImport;
    if (isImport || isDirective) {
      offset = Math.min(sf.text.length, lineEnd(sf.text, statement.getEnd()) + 1);
      seenImport ||= isImport;
      continue;
    }
    break;
  }
  if (offset === 0) {
    // after a shebang and a leading comment block separated by a blank line
    const text = sf.text;
    if (text.startsWith('#!')) offset = lineEnd(text, 0) + 1;
    const comments = ts.getLeadingCommentRanges(text, offset) ?? [];
    for (const comment of comments) {
      const rest = text.slice(comment.end);
      if (/^[ \t]*\n[ \t]*\n/.test(rest) || (comment === comments[comments.length - 1] && sf.statements.length === 0)) offset = lineEnd(text, comment.end) + 1;
    }
  }
  return Math.min(offset, sf.text.length);
}

/** True when `name` is still referenced in the file once the edits are applied (ignoring removed/replaced text). */
export function stillReferenced(sf: ts.SourceFile, name: string, edits: readonly TextEdit[]): boolean {
  return referencesTo(sf, name).some((ref) => {
    if (!isReference(ref)) return false;
    const start = ref.getStart(sf);
    const end = ref.getEnd();
    return !edits.some((edit) => edit.end > edit.start && edit.start <= start && end <= edit.end);
  });
}

/**
 * Removes the import (or require) binding `local` when nothing references it any more once the
 * edits so far are applied. Returns true when it removed something.
 */
export function removeUnusedBinding(edits: EditSet, file: string, sf: ts.SourceFile, local: string): boolean {
  if (stillReferenced(sf, local, edits.editsOf(file))) return false;
  for (const statement of sf.statements) {
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      if (!clause) continue;
      const names: { node: ts.Node; local: string }[] = [];
      if (clause.name) names.push({ node: clause.name, local: clause.name.text });
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) names.push({ node: bindings, local: bindings.name.text });
      if (bindings && ts.isNamedImports(bindings)) for (const element of bindings.elements) names.push({ node: element, local: element.name.text });
      const target = names.find((entry) => entry.local === local);
      if (!target) continue;
      const remaining = names.filter((entry) => entry !== target && !isRemoved(edits.editsOf(file), entry.node, sf));
      if (remaining.length === 0) {
        removeStatement(edits, file, sf, statement);
      } else if (bindings && ts.isNamedImports(bindings) && target.node.parent === bindings) {
        const others = bindings.elements.filter((element) => element !== target.node && !isRemoved(edits.editsOf(file), element, sf));
        if (others.length === 0) {
          // `import a, { b } from 'm'` losing b → `import a from 'm'`
          edits.replace(file, clause.name!.getEnd(), bindings.getEnd(), '');
        } else {
          removeListElement(edits, file, sf, target.node, bindings.elements);
        }
      } else if (target.node === clause.name && bindings) {
        edits.replace(file, clause.name.getStart(sf), bindings.getStart(sf), '');
      } else {
        return false;
      }
      return true;
    }
    const required = requireOf(statement);
    if (required) {
      const name = required.declaration.name;
      if (ts.isIdentifier(name) && name.text === local) {
        removeStatement(edits, file, sf, statement);
        return true;
      }
      if (ts.isObjectBindingPattern(name)) {
        const target = name.elements.find((element) => ts.isIdentifier(element.name) && element.name.text === local);
        if (!target) continue;
        const others = name.elements.filter((element) => element !== target && !isRemoved(edits.editsOf(file), element, sf));
        if (others.length === 0) removeStatement(edits, file, sf, statement);
        else removeListElement(edits, file, sf, target, name.elements);
        return true;
      }
    }
  }
  return false;
}

function isRemoved(edits: readonly TextEdit[], node: ts.Node, sf: ts.SourceFile): boolean {
  const start = node.getStart(sf);
  return edits.some((edit) => edit.end > edit.start && edit.newText === '' && edit.start <= start && node.getEnd() <= edit.end);
}

function removeListElement(edits: EditSet, file: string, sf: ts.SourceFile, element: ts.Node, all: ts.NodeArray<ts.Node>): void {
  const index = all.indexOf(element);
  const text = sf.text;
  if (index < all.length - 1) {
    edits.replace(file, element.getStart(sf), all[index + 1].getStart(sf), '');
  } else {
    const previousEnd = all[index - 1].getEnd();
    let end = element.getEnd();
    if (text[end] === ',') end++;
    edits.replace(file, previousEnd, end, '');
  }
}

export function removeStatement(edits: EditSet, file: string, sf: ts.SourceFile, statement: ts.Statement): void {
  // with its JSDoc and the comments attached to it, and one blank line so that no double gap
  // remains; an import keeps the line after it, where the imports a fix adds are inserted
  const text = sf.text;
  const range = statementRemovalRange(sf, statement);
  const start = range.start;
  let end = range.end;
  if (ts.isImportDeclaration(statement) || requireOf(statement)) {
    end = statement.getEnd();
    if (text.slice(end, lineEnd(text, end)).trim() === '') end = Math.min(text.length, lineEnd(text, end) + 1);
  }
  if (edits.touches(file, start, end)) return;
  edits.replace(file, start, end, '');
}
