/* global require, module */
/* eslint-disable @typescript-eslint/no-require-imports */
"use strict";
/*
 * Runs the TypeScript sources the way `-r ts-node/register/transpile-only` does, with each file's output
 * kept on disk: `node -r ./runtime/ts-register.cjs x.ts`. The specs, the mocha workers and the processes
 * they start (fleet workers, the policy analyzer, fresh-process plans) load the same ~370 files; ts-node
 * transpiles each of them again in every process (about 4 s of CPU per process that plans a stack), while
 * the output of a file depends only on its text, its path and the compiler's settings.
 *
 * The output is ts-node's own, kept under a hash of everything it depends on (runtime/ts-cache.cjs), so a
 * cached file runs exactly as a freshly transpiled one and an edit is never served stale. Stack traces
 * point into the .ts sources as with ts-node (source maps inline in each output). The cache lives in
 * node_modules/.cache/storefront-ts (`npm ci` starts it afresh); delete that folder to time a cold run.
 */
const path = require("node:path");
const Module = require("node:module");
const cache = require("./ts-cache.cjs");

/** The output of every file this process loaded, for the source maps of stack traces. */
const outputs = new Map();

function transpile(code, fileName) {
  const output = cache.transpile(code, fileName);
  outputs.set(fileName, output);
  return output;
}

const sourceMapSupport = require(
  require.resolve("@cspotcode/source-map-support", { paths: [cache.TS_NODE_DIR] }),
);
sourceMapSupport.install({ environment: "node", retrieveFile: (p) => outputs.get(p) });

const loadJs = Module._extensions[".js"];
const inNodeModules = `${path.sep}node_modules${path.sep}`;
Module._extensions[".ts"] = function (module, fileName) {
  // ts-node leaves packages' files alone; so does this.
  if (!fileName.includes(inNodeModules)) {
    const compile = module._compile;
    module._compile = function (code, name) {
      return compile.call(this, transpile(code, name), name);
    };
  }
  return loadJs(module, fileName);
};

module.exports = { CACHE_DIR: cache.CACHE_DIR };
