/* global require, module, process, __dirname */
/* eslint-disable @typescript-eslint/no-require-imports */
"use strict";
/*
 * The on-disk cache of transpiled TypeScript behind runtime/ts-register.cjs. The output of a file depends
 * only on its text, its path and the compiler's settings, so it is kept under a hash of the file's path and
 * text, the tsconfig.json, and the TypeScript and ts-node versions: an edit is never served stale. The
 * output is ts-node's own (ts-node's transpile-only compile with the repository's tsconfig.json), so a
 * cached file runs exactly as a freshly transpiled one. The compiler is loaded only on a miss.
 */
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");
const TSCONFIG = path.join(ROOT, "tsconfig.json");
const CACHE_DIR = path.join(ROOT, "node_modules", ".cache", "storefront-ts");
const FORMAT = 1;

const TS_NODE_DIR = path.dirname(require.resolve("ts-node/package.json", { paths: [ROOT] }));
const versionOf = (pkg) =>
  require(require.resolve(`${pkg}/package.json`, { paths: [TS_NODE_DIR, ROOT] })).version;
const SALT = JSON.stringify({
  format: FORMAT,
  typescript: versionOf("typescript"),
  tsNode: versionOf("ts-node"),
  tsconfig: fs.readFileSync(TSCONFIG, "utf8"),
});

let service;

/** Where the output of `code` at `fileName` is kept. */
function cacheFile(code, fileName) {
  const key = crypto
    .createHash("sha256")
    .update(SALT)
    .update("\0")
    .update(fileName)
    .update("\0")
    .update(code);
  return path.join(CACHE_DIR, `${key.digest("hex")}.js`);
}

/** Transpiles `code` and keeps the output in `file`. */
function compileTo(file, code, fileName) {
  service ??= require(require.resolve("ts-node", { paths: [ROOT] })).create({
    project: TSCONFIG,
    transpileOnly: true,
  });
  const output = service.compile(code, fileName);
  // Written whole under a name of its own, then renamed: a process reading it never sees half a file.
  const partial = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.partial`;
  try {
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    fs.writeFileSync(partial, output);
    fs.renameSync(partial, file);
  } catch {
    // A read-only tree or a full disk: the file still runs, it is transpiled again next time.
    fs.rmSync(partial, { force: true });
  }
  return output;
}

/** The JavaScript for `code` at `fileName`: from the cache, or transpiled and kept there. */
function transpile(code, fileName) {
  const file = cacheFile(code, fileName);
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return compileTo(file, code, fileName);
  }
}

/**
 * The .ts files of tsconfig.json's `include` (the program, the commands, the policy pack, the scripts and
 * the specs): every file a spec or a process it starts may load, each under its real path, as Node's loader
 * hands it to the hook. Declaration files (never loaded), dot-files (an editor's lock files) and anything
 * under node_modules are left out. `include` is read as the repository writes it, folder globs
 * (`<folder>` then every .ts file below it) and single files; another form is an error, and the warm-up
 * steps aside (test/warm-transpile-cache.cjs).
 */
function projectFiles() {
  const { include } = JSON.parse(fs.readFileSync(TSCONFIG, "utf8"));
  const files = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) files.push(full);
    }
  };
  for (const pattern of include) {
    const folder = /^([\w./-]+)\/\*\*\/\*\.ts$/.exec(pattern);
    if (folder) walk(path.join(ROOT, folder[1]));
    else if (/^[\w./-]+\.ts$/.test(pattern)) files.push(path.join(ROOT, pattern));
    else
      throw new Error(`tsconfig.json include ${JSON.stringify(pattern)} is not a folder glob or a .ts file`);
  }
  return files.map((file) => fs.realpathSync(file));
}

/**
 * The files of `fileNames` whose output is not in the cache yet, each with its text (read as Node's loader
 * reads a module, as UTF-8) and the cache file it goes to. A file that cannot be read is left to the process
 * that loads it, which reports it.
 */
function missing(fileNames) {
  const out = [];
  for (const fileName of fileNames) {
    let code;
    try {
      code = fs.readFileSync(fileName, "utf8");
    } catch {
      continue;
    }
    const file = cacheFile(code, fileName);
    if (!fs.existsSync(file)) out.push({ fileName, code, file });
  }
  return out;
}

/**
 * Transpiles each entry of `missing()` into the cache. A file that does not transpile (a syntax error) is
 * left out: the process that loads it reports the error, with its place in the source.
 */
function warm(entries) {
  for (const { fileName, code, file } of entries) {
    try {
      compileTo(file, code, fileName);
    } catch {
      // reported when loaded
    }
  }
}

module.exports = { CACHE_DIR, TS_NODE_DIR, cacheFile, transpile, projectFiles, missing, warm };
