// Node 24.22 destroys a stream made by `Duplex.from(async function)` once the function returns,
// with an AbortError (nodejs/node#65963, "destroy Duplex.from async function on early return").
// @yeoman/adapter's test adapter (yeoman-test) builds its prompt output that way and nothing
// listens for the error, so it fails whichever test runs then. The real adapter (the bin, yo) is
// not affected. Until @yeoman/adapter handles it, such streams get a listener that lets that one
// error go; any other error is still thrown.
import { Duplex } from 'node:stream';

// Jest runs setup files once per test file, but node:stream is one module per worker: wrap once.
const PATCHED = Symbol.for('generator-nonroot.duplex-from');
const original = Duplex.from as typeof Duplex.from & { [PATCHED]?: true };
const from = original.bind(Duplex);
if (!original[PATCHED])
  Duplex.from = Object.assign(
    (source: Parameters<typeof Duplex.from>[0]) => {
      const duplex = from(source);
      if (typeof source === 'function') {
        duplex.on('error', (error: Error) => {
          if (error.name !== 'AbortError')
            process.nextTick(() => {
              throw error;
            });
        });
      }
      return duplex;
    },
    { [PATCHED]: true as const },
  ) as typeof Duplex.from;
