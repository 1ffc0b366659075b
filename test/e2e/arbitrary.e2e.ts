// --id-strategy arbitrary on a real engine: the image runs under UIDs it has never heard of, with
// group 0, as OpenShift runs images; and its own default user still works. Through compose, the
// developer's own UID takes that path and the files it writes are theirs.
import { BASES, describeEngine, generateProject, run, type Project, keyValues } from './support/lab.js';

const HOST = { uid: 1500, gid: 1500 };
const PROBE =
  'echo NAME=$(whoami); echo ID=$(id -u):$(id -g); echo HOME=$HOME; touch ' +
  '"$HOME/x" && echo HOME_WRITABLE=yes; touch /workspace/y && echo ' +
  'WORKSPACE_WRITABLE=yes; echo LOOKUP=$(getent passwd "$(id -u)" | cut ' +
  '-d: -f1,6)';

describeEngine('--id-strategy arbitrary', () => {
  let project: Project;
  let image: string;
  beforeAll(() => {
    project = generateProject(HOST, ['--base-image', BASES.debian, '--id-strategy', 'arbitrary', '--username', 'dev']);
    run('sh', ['.nonroot/host-ids.sh'], { cwd: project.dir, user: HOST });
    project.compose(['build'], { buildkit: true });
    // Compose names a built image <project>-<service>; the project is the folder's name, lowercased.
    image = `${JSON.parse(project.compose(['config', '--format', 'json']).stdout).name}-app`;
  });
  afterAll(() => project?.cleanup());

  // OpenShift's default range starts at 1000680000; a second project's UIDs start elsewhere.
  it.each(['1000680000', '1000700001'])('runs as the arbitrary UID %s with group 0: whoami, a writable $HOME and workspace', (uid) => {
    const out = keyValues(run('docker', ['run', '--rm', '--user', `${uid}:0`, image, 'sh', '-c', PROBE]).stdout);
    expect(out).toMatchObject({
      NAME: 'dev',
      ID: `${uid}:0`,
      HOME: '/home/dev',
      HOME_WRITABLE: 'yes',
      WORKSPACE_WRITABLE: 'yes',
      LOOKUP: 'dev:/home/dev',
    });
  });

  it("runs as the image's own user when no UID is given, which is numeric with group 0", () => {
    const user = run('docker', ['image', 'inspect', '-f', '{{.Config.User}}', image]).stdout.trim();
    expect(user).toBe('1000:0');
    const out = keyValues(run('docker', ['run', '--rm', image, 'sh', '-c', PROBE]).stdout);
    expect(out).toMatchObject({ NAME: 'dev', ID: '1000:0', HOME_WRITABLE: 'yes', WORKSPACE_WRITABLE: 'yes' });
  });

  it("through compose, runs as the developer's UID with group 0 and writes the project folder as them", () => {
    const out = keyValues(project.compose(['run', '--rm', '-T', 'app', 'sh', '-c', PROBE]).stdout);
    expect(out).toMatchObject({ NAME: 'dev', ID: `${HOST.uid}:0`, HOME_WRITABLE: 'yes', WORKSPACE_WRITABLE: 'yes' });
    expect(project.owner('y')).toMatch(new RegExp(`^${HOST.uid}:`));
  });
});
