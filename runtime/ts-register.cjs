/* global require, module, process, __dirname */
/* eslint-disable @typescript-eslint/no-require-imports */
"use strict";
/*
 * Runs the TypeScript sources the way `-r ts-node/register/transpile-only` does, with each file's output
 * kept on disk: `node -r ./runtime/ts-register.cjs x.ts`. The specs, the mocha workers and the processes
 * they start (fleet workers, the policy analyzer, fresh-process plans) load the same ~300 files; ts-node
 * transpiles each of them again in every process (about 4 s of CPU per process that plans a stack), while
 * the output of a file depends only on its text, its path and the compiler's settings.
 *
 * The output is ts-node's own (ts-node's TypeScript transpile with the repository's tsconfig.json), so a
 * cached file runs exactly as a freshly transpiled one; it is looked up by a hash of the file's path and
 * text, the tsconfig.json, and the TypeScript and ts-node versions, so an edit is never served stale. The
 * compiler is loaded only when a file is not in the cache. Stack traces point into the .ts sources as with
 * ts-node (source maps inline in each output). The cache lives in node_modules/.cache/storefront-ts
 * (`npm ci` starts it afresh); delete that folder to time a cold run.
 */
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");
const Module = require("node:module");

const ROOT = path.resolve(__dirname, "..");
const TSCONFIG = path.join(ROOT, "tsconfig.json");
const CACHE_DIR = path.join(ROOT, "node_modules", ".cache", "storefront-ts");
const FORMAT = 1;

const tsNodeDir = path.dirname(require.resolve("ts-node/package.json", { paths: [ROOT] }));
const versionOf = (pkg) =>
  require(require.resolve(`${pkg}/package.json`, { paths: [tsNodeDir, ROOT] })).version;
const SALT = JSON.stringify({
  format: FORMAT,
  typescript: versionOf("typescript"),
  tsNode: versionOf("ts-node"),
  tsconfig: fs.readFileSync(TSCONFIG, "utf8"),
});

/** The output of every file this process loaded, for the source maps of stack traces. */
const outputs = new Map();
let service;

function transpile(code, fileName) {
  const key = crypto
    .createHash("sha256")
    .update(SALT)
    .update("\0")
    .update(fileName)
    .update("\0")
    .update(code);
  const file = path.join(CACHE_DIR, `${key.digest("hex")}.js`);
  let output;
  try {
    output = fs.readFileSync(file, "utf8");
  } catch {
    service ??= require(require.resolve("ts-node", { paths: [ROOT] })).create({
      project: TSCONFIG,
      transpileOnly: true,
    });
    output = service.compile(code, fileName);
    try {
      fs.mkdirSync(CACHE_DIR, { recursive: true });
      // Written whole under a name of its own, then renamed: a process reading it never sees half a file.
      const partial = `${file}.${process.pid}.partial`;
      fs.writeFileSync(partial, output);
      fs.renameSync(partial, file);
    } catch {
      // A read-only tree: the file still runs, it is transpiled again next time.
    }
  }
  outputs.set(fileName, output);
  return output;
}

const sourceMapSupport = require(require.resolve("@cspotcode/source-map-support", { paths: [tsNodeDir] }));
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

module.exports = { CACHE_DIR };
