// How the Dockerfile rules walk a repo's Dockerfiles: every shell command of every RUN, every built stage.
import type { View } from '../core/dockerfile/view.js';
import { commands, instructionLine } from '../core/dockerfile/stage.js';
import type { DockerfileFile } from './subject.js';

type Found = { file: string; line: number; message: string };
type StageOf = DockerfileFile['view']['stages'][number];

/** Every shell command of every RUN, in every stage of every Dockerfile: what it finds there. */
export function eachCommand(
  dockerfiles: DockerfileFile[],
  visit: (words: string[], at: { stage: StageOf; file: string; line: number }) => string | undefined,
): Found[] {
  return dockerfiles.flatMap(({ file, view }) =>
    view.stages.flatMap((stage, index) =>
      view
        .instructions(view.stages[index], { blocks: true })
        .filter((i) => i.getKeyword() === 'RUN')
        .flatMap((run) =>
          commands(run).flatMap((words) => {
            const message = visit(words, { stage, file, line: instructionLine(run) });
            return message === undefined ? [] : [{ file, line: instructionLine(run), message }];
          }),
        ),
    ),
  );
}

/** Every stage something builds, in every Dockerfile: what it finds there. */
export function eachBuiltStage(dockerfiles: DockerfileFile[], visit: (view: View, index: number, file: string) => Found[]): Found[] {
  return dockerfiles.flatMap(({ file, view, built }) => built.flatMap((index) => visit(view, index, file)));
}
