// A jest reporter: after the run, the time each project's test files took (summed; files of one
// project run in parallel, so this is work, not wall time) and the run's wall time. CI prints it
// to show where the minutes go.
class ProjectTimes {
  constructor() {
    this.projects = new Map();
  }

  onTestResult(test, result) {
    const name = test.context.config.displayName?.name ?? 'default';
    const entry = this.projects.get(name) ?? { files: 0, ms: 0, tests: 0 };
    entry.files += 1;
    entry.ms += result.perfStats.end - result.perfStats.start;
    entry.tests += result.numPassingTests + result.numFailingTests;
    this.projects.set(name, entry);
  }

  onRunComplete(_contexts, results) {
    const wall = ((Date.now() - results.startTime) / 1000).toFixed(0);
    const lines = [...this.projects].map(
      ([name, e]) => `  ${name}: ${e.tests} tests in ${e.files} files, ${(e.ms / 1000).toFixed(0)} s of test time`,
    );
    process.stderr.write(`\njest, per project:\n${lines.join('\n')}\n  whole run: ${wall} s wall time\n`);
  }
}

module.exports = ProjectTimes;
