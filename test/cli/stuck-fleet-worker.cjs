/* global process */
"use strict";
/*
 * A fleet worker whose plan never ends (test/cli/fleet.test.ts): it tells the fleet it is ready, as
 * cli/fleet-worker.ts does once loaded, and never answers a request. It leaves when the fleet disconnects.
 */
process.on("message", () => undefined);
process.on("disconnect", () => process.exit(0));
process.send({ ready: true });
