// Types of scripts/build.mjs (plain JavaScript: bin/laurel.js runs it before any TypeScript can).
export declare const SOURCES: string[];
export declare function sourceFingerprint(root?: string, sources?: string[]): Record<string, string>;
export declare function isBuildFresh(root?: string, out?: string, sources?: string[]): boolean;
export declare function rewriteImports(code: string, outFile: string): string;
export declare function build(root?: string, out?: string, sources?: string[]): Promise<number>;
