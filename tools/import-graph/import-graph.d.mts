// Types for import-graph.mjs, so tests written in TypeScript can import the tool's functions.
export declare const LAYERS: string[][];
export declare const KNOWN: Map<string, string>;
export declare const CORE_ALLOWED_PACKAGES: Set<string>;
export interface SourceImport {
  file: string;
  folder: string;
  spec: string;
  target: string | null;
}
export declare function imports(srcDir?: string): SourceImport[];
export declare function folderEdges(srcDir?: string): Map<string, string[]>;
export declare function cycles(edges: Map<string, string[]>): string[][];
export declare function againstFlow(edges: Map<string, string[]>, layers?: string[][]): Array<{ edge: string; why: string }>;
export declare function coreImpurities(srcDir?: string, allowed?: Set<string>): Array<{ file: string; spec: string; why: string }>;
