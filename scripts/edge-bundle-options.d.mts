import type { BuildOptions } from "esbuild";

export declare const edgeBundleOptions: BuildOptions & { write: false };
