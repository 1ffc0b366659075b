// Long work shows that it is moving: on a terminal a spinner with the elapsed seconds, rewritten in
// place; without one (CI, a pipe) one plain line when a step starts and one when it ends. On stderr,
// so that stdout is only the report (`--format json` stays parseable).

export interface Step {
  end(result: string): void;
}

export interface Progress {
  start(label: string): Step;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export function progress(stream: NodeJS.WritableStream & { isTTY?: boolean } = process.stderr): Progress {
  return {
    start(label) {
      const began = Date.now();
      const seconds = () => ((Date.now() - began) / 1000).toFixed(1);
      if (!stream.isTTY) {
        stream.write(`verify: ${label}\n`);
        return { end: (result) => stream.write(`verify: ${label}: ${result} (${seconds()} s)\n`) };
      }
      let frame = 0;
      const draw = () => stream.write(`\r\x1b[K${FRAMES[frame++ % FRAMES.length]} ${label} (${Math.floor((Date.now() - began) / 1000)} s)`);
      draw();
      const timer = setInterval(draw, 100);
      return {
        end(result) {
          clearInterval(timer);
          stream.write(`\r\x1b[K${label}: ${result} (${seconds()} s)\n`);
        },
      };
    },
  };
}

/** For tests and for callers that want silence. */
export const silent: Progress = { start: () => ({ end: () => undefined }) };
