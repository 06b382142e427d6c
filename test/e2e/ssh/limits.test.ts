/** The shared session limit over SSH (`--max-sessions 1`): a second shell is told so and closed with status 1. */
import * as path from 'path';
import { requireTool } from '../../helpers/kamailio';
import { SshFixture, run } from './ssh-fixture';

jest.setTimeout(60000);
const PY = '/usr/bin/python3';
let f: SshFixture;

beforeAll(async () => {
  requireTool(PY, 'python3');
  f = await SshFixture.start(31040, [], ['--max-sessions', '1']);
});

afterAll(async () => {
  await f?.stop();
});

test('a shell beyond the session limit gets the error and exit status 1; the first is unaffected', async () => {
  const { stdout } = await run(PY, [path.join(__dirname, 'paramiko_client.py'), 'limit', String(f.port)], { timeout: 30000 });
  expect(stdout).toContain('SECOND Error: Too many sessions (1 at most); try again later');
  expect(stdout).toContain('SECOND EXIT 1');
  expect(stdout).toContain('FIRST EXIT 0');
});
