// Preloaded by the benchmark into each plan process: reports the process's peak memory when it exits.
process.on("exit", () => {
  process.stderr.write(`\nbench-max-rss-kb=${process.resourceUsage().maxRSS}\n`);
});
