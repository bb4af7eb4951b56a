import { LineCounter, isNode, parseDocument, type Document } from 'yaml';
import type { FileProblems } from './problems.ts';

export type YamlPath = readonly (string | number)[];

/** A parsed YAML file that still knows on which line each value was written. */
export interface YamlFile {
  readonly value: unknown;
  /** The line of the value at `path`, or of its closest ancestor present in the file. */
  lineOf(path: YamlPath): number | undefined;
}

/** Parses YAML 1.2 (dates stay strings); syntax errors and duplicate keys are reported with their line. */
export function parseYamlFile(text: string, problems: FileProblems): YamlFile | undefined {
  const lineCounter = new LineCounter();
  const document: Document = parseDocument(text, { lineCounter, prettyErrors: false });
  if (document.errors.length > 0) {
    for (const error of document.errors) {
      problems.report(lineCounter.linePos(error.pos[0]).line, undefined, `invalid YAML: ${error.message}`);
    }
    return undefined;
  }
  const value: unknown = document.toJS();
  return {
    value,
    lineOf: (path) => {
      for (let length = path.length; length >= 0; length -= 1) {
        const node: unknown = length === 0 ? document.contents : document.getIn(path.slice(0, length), true);
        if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
      }
      return undefined;
    },
  };
}
