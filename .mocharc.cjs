/* global module */
"use strict";
/*
 * Mocha's settings for every spec run (npm run test:unit, npx mocha <file>).
 *
 * require: test/warm-transpile-cache.cjs fills the transpile cache once, in mocha's own process, before
 * the workers start (a cold run otherwise transpiles most files in every process); runtime/ts-register.cjs
 * runs the .ts sources from that cache.
 *
 * node-option: each mocha worker plans dozens of stacks, and a plan allocates some hundred megabytes of
 * short-lived objects. V8's default young generation (16 MiB semi-spaces) promotes much of that to the old
 * generation, which is then collected again: with 64 MiB semi-spaces most of it dies young. Measured on
 * ten prod and ten azure-prod plans in one process, about a fifth less CPU per plan; the fleet's workers
 * (cli/fleet.ts) run with the same flag for the same reason. Mocha starts its workers with its own flags.
 */
module.exports = {
  require: [
    "./test/warm-transpile-cache.cjs",
    "./runtime/ts-register.cjs",
    "./runtime/sdk-internals.ts",
    "./test/fixed-time.ts",
  ],
  extension: ["ts"],
  timeout: 30000,
  reporter: "spec",
  "node-option": ["max-semi-space-size=64"],
};
